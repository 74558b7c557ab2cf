"""What an office may do with rounds, and the edits the admin page makes to a draft.

Only an admin of the office that issues a programme's notice opens its rounds: the province for
a provincial programme (河南省 for 灵活就业之星), the province or the city for a city's (洛阳市
for 技能创业之星); `national_admin` any. A county never does: it works the round the level above
opened. The page's edits are the same as editing the file: a confirmed proposal, a note on a
new line or a kept quote, a date or a quota with the words of the new notice that state it;
every one is checked again when the round opens.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from bot.db.staff import NATIONAL_ADMIN
from bot.services.staff import Staff
from eligibility.model import Programme
from eligibility.rounds.differences import Difference, flat
from eligibility.rounds.model import Decision, RoundFile

MAX_NOTICE_CHARS = 200_000
"""Far above any seed notice (the longest is under 19,000 characters)."""


def may_open(staff: Staff, programme: Programme) -> bool:
    if staff.role == NATIONAL_ADMIN:
        return True
    place = "/".join(p for p in (programme.scope.province, programme.scope.city) if p)
    return staff.is_admin and (place == staff.office or place.startswith(staff.office + "/"))


def key(text: str) -> str:
    """A short stable name for a difference's line or quote, for the page's form fields."""
    return hashlib.sha256(flat(text).encode()).hexdigest()[:16]


def notice_text(raw: bytes | str) -> str:
    """A pasted or uploaded notice as text: UTF-8, else GB18030 (what Chinese Windows saves);
    refused when it is neither, empty, or too long."""
    if isinstance(raw, bytes):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                raw = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ValueError("无法读取这个文件：请上传通知的文字版（.txt），或直接粘贴全文。")
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    if len(flat(text)) < 20:
        raise ValueError("请粘贴新通知的全文（至少包括日期、名额和材料要求）。")
    if len(text) > MAX_NOTICE_CHARS:
        raise ValueError("通知太长了，请只粘贴这个项目的方案正文。")
    return text


def settle(round_file: RoundFile, found: list[Difference], form: Any) -> RoundFile:
    """The page's decisions: `confirm:<key>` on a proposal, `note:<key>` on a new line or a
    kept quote (an empty note settles nothing)."""
    review = []
    for decision in round_file.review:
        if decision.was and decision.now:
            confirmed = bool(form.get(f"confirm:{key(decision.now)}"))
            review.append(decision.model_copy(update={"settled": confirmed}))
        elif not (decision.line or decision.was):
            review.append(decision)
    for difference in found:
        text = difference.now if difference.kind == "new_line" else difference.was
        if difference.kind == "changed" or not text:
            continue
        note = str(form.get(f"note:{key(text)}") or "").strip()[:200]
        if not note:
            continue
        if difference.kind == "new_line":
            review.append(Decision(line=text, settled=True, note=note))
        else:
            review.append(Decision(path=difference.path, was=text, settled=True, note=note))
    return round_file.model_copy(update={"review": review})


def set_dates_and_quotas(round_file: RoundFile, form: Any) -> RoundFile:
    """`start:<id>`, `end:<id>`, `source:<id>` of timeline entries and `count:<i>`,
    `qsource:<i>` of quotas, as typed (the build checks each against its quote)."""
    timeline = []
    for entry in round_file.timeline:
        entry = dict(entry)
        for field in ("start", "end"):
            value = str(form.get(f"{field}:{entry['id']}") or "").strip()
            if value:
                entry[field] = dt.date.fromisoformat(value)
        source = str(form.get(f"source:{entry['id']}") or "").strip()
        if source:
            entry["source"] = source
        timeline.append(entry)
    quotas = []
    for i, quota in enumerate(round_file.quotas):
        quota = dict(quota)
        count = str(form.get(f"count:{i}") or "").strip()
        if count:
            quota["count"] = int(count)
        source = str(form.get(f"qsource:{i}") or "").strip()
        if source:
            quota["source"] = source
        quotas.append(quota)
    return round_file.model_copy(update={"timeline": timeline, "quotas": quotas})
