"""A packet's history as a clerk reads it: who (name and office level, not a login key), what
(在市级推荐, 退回：身份证照片、联系电话, 查看完整身份证号码), when in Beijing time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.conversation import CHINA_TIME
from bot.db.applications import Application
from bot.db.models import Event
from bot.db.staff import StaffAccount
from bot.services.chain.levels import LEVEL_NAMES, level_of_office
from eligibility.model import Programme

KINDS = ("application_status", "application.returned", "review.check", "review.ranked",
         "staff.access", "chain.stage")
STATUS_WORDS = {"submitted": "提交申报", "resubmitted": "修改后重新提交", "received": "接收材料",
                "returned": "退回申报人修改", "recommended": "推荐上报",
                "not_recommended": "不推荐"}
STAGE_WORDS = {"receive": "接收材料", "recommend": "推荐上报", "not_recommend": "不推荐",
               "return": "退回下一级", "undo": "撤销", "confirmed_unchecked": "确认未核查仍推荐"}
UNDONE = {"received": "接收", "recommended": "推荐", "not_recommended": "不推荐",
          "returned": "退回"}
ACCESS_WORDS = {"reveal_id_number": "查看完整身份证号码", "view": "查看", "download": "下载"}


@dataclass(frozen=True)
class Entry:
    when: dt.datetime
    who: str
    what: str
    note: str = ""


def labels(pack: Programme) -> dict[str, str]:
    """Every item key (`doc:id_card`, `field:phone`, a check id) by the words on the page."""
    out = {f"field:{f.id}": f.label for f in pack.form.fields}
    out |= {f"doc:{d.id}": d.name for d in pack.documents}
    out |= {f"essay:{d.id}": d.name for d in pack.documents}
    out |= {f"decl:{d.id}": d.text[:20] for d in pack.declarations}
    out |= {d.id: d.name for d in pack.documents}
    out |= {c.id: c.text for c in pack.office_checks}
    out |= {c.id: c.text for c in pack.criteria}
    return out


async def labelled_history(session: AsyncSession, pack: Programme,
                           application: Application) -> list[Entry]:
    events = [e for e in await session.scalars(select(Event).where(
        Event.applicant_id == application.applicant_id, Event.kind.in_(KINDS))
        .order_by(Event.id)) if e.payload.get("receipt") == application.receipt]
    logins = {e.actor.removeprefix("staff:") for e in events if e.actor.startswith("staff:")}
    people = {row.username: row for row in await session.scalars(select(StaffAccount).where(
        StaffAccount.username.in_(logins)))} if logins else {}
    names = labels(pack)
    out = []
    for event in events:
        what, note = _what(event.kind, event.payload, names)
        out.append(Entry(event.created_at.astimezone(CHINA_TIME), _who(event.actor, people),
                         what, note))
    return out


def _who(actor: str, people: dict[str, StaffAccount]) -> str:
    if actor == "applicant":
        return "申报人"
    if actor == "system":
        return "系统"
    row = people.get(actor.removeprefix("staff:"))
    if row is None:
        return "工作人员"
    office = row.office.split("/")[-1]
    return f"{office} {row.display_name}（{LEVEL_NAMES[level_of_office(row.office)]}）"


def _items(items: list[str], names: dict[str, str]) -> str:
    return "、".join(names.get(item, "其他事项") for item in items)


def _what(kind: str, payload: dict[str, Any], names: dict[str, str]) -> tuple[str, str]:
    if kind == "application_status":
        note = str(payload.get("note") or "")
        if payload.get("status") == "received" and "退回：" in note:
            return "上级退回本级", note.split("退回：", 1)[1]
        return STATUS_WORDS.get(str(payload.get("status")), "状态变更"), note
    if kind == "application.returned":
        return f"退回事项：{_items(list(payload.get('items') or []), names)}", ""
    if kind == "review.check":
        check = names.get(str(payload.get("check")), "核查事项")
        return f"{'已核查' if payload.get('done') else '取消核查'}：{check}", ""
    if kind == "review.ranked":
        return "调整排序", ""
    if kind == "staff.access":
        what = ACCESS_WORDS.get(str(payload.get("what")), "查看")
        detail = str(payload.get("detail") or "")
        item, _, page = detail.partition("/")
        if detail == "packet":
            return f"{what}完整材料包", ""
        if item:
            return f"{what}{names.get(item, '材料')}" + (f" 第{int(page) + 1}页"
                                                       if page.isdigit() else ""), ""
        return what, ""
    level = LEVEL_NAMES.get(str(payload.get("level")), "")
    words = STAGE_WORDS.get(str(payload.get("what")), "办理")
    if payload.get("what") == "undo":
        words = f"撤销{UNDONE.get(str(payload.get('undone')), '决定')}"
    if payload.get("what") == "return" and payload.get("items"):
        words += f"（含申报人修改事项：{_items(list(payload['items']), names)}）"
    note = str(payload.get("reason") or payload.get("note") or "")
    return f"{level}{words}", note
