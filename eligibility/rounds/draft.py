"""A new round's draft: the previous round's parts, re-quoted from the new notice where only
the numbers changed.

A notice that repeats the last one with new dates, quotas and age lines says the same sentence
with other digits: “于2024年1月15日前报送” becomes “于2025年1月15日前报送”. For each quote the new
notice no longer contains, the draft looks for the one passage of the new notice that reads the
same with any digits, and proposes it, rewriting the entry's dates and numbers that the quote
stated (the timeline's 2024-01-15, a quota's 2, an age rule's 1988-12-31) by the same position
in the new words. Every proposal is listed in `review` unsettled: the office confirms it. A
quote with other words changed gets no proposal; the office edits the entry.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any

from eligibility.loader import sources
from eligibility.rounds.build import pack_notice, pack_raw, pack_round_id, sections
from eligibility.rounds.differences import flat, parts
from eligibility.rounds.model import OVERRIDE_KEYS, ROUND_KEYS, Decision, RoundFile

_DIGITS = re.compile(r"\d+")
_DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})\.?日")


def propose(quote: str, notice_flat: str) -> str | None:
    """The new notice's words for `quote` when only its digits changed (one passage only)."""
    found = []
    for part in parts(quote):
        if part in notice_flat:
            found.append(part)
            continue
        pattern = "".join(r"\d+" if piece.isdigit() else re.escape(piece)
                          for piece in re.split(r"(\d+)", part) if piece)
        matches = set(re.findall(pattern, notice_flat))
        if len(matches) != 1:
            return None
        found.append(matches.pop())
    return "……".join(found)


def _dates(text: str) -> list[tuple[int | None, int, int]]:
    return [(int(y) if y else None, int(m), int(d)) for y, m, d in _DATE.findall(flat(text))]


def _retarget(value: Any, was: str, now: str) -> Any:
    """`value` with each date and number the old quote stated replaced by the one in the same
    place of the new quote (an unchanged or ambiguous one stays)."""
    if isinstance(value, dict):
        return {k: v if k == "source" or k.endswith("_source") or (
                    isinstance(v, dict) and "source" in v)
                else _retarget(v, was, now) for k, v in value.items()}
    if isinstance(value, list):
        return [_retarget(v, was, now) for v in value]
    if isinstance(value, dt.date):
        pairs = {}
        for (oy, om, od), (ny, nm, nd) in zip(_dates(was), _dates(now), strict=False):
            pairs[(oy or value.year, om, od)] = (ny or value.year, nm, nd)
        target = pairs.get((value.year, value.month, value.day))
        return dt.date(*target) if target else value
    if isinstance(value, int) and not isinstance(value, bool):
        old, new = _DIGITS.findall(flat(was)), _DIGITS.findall(flat(now))
        if len(old) != len(new):
            return value
        targets = {n for o, n in zip(old, new, strict=True) if o == str(value)}
        return int(targets.pop()) if len(targets) == 1 else value
    return value


def _changed_words(was: str, now: str) -> list[tuple[str, str]]:
    """Each number the new words changed, with the character after it (“2人” → “3人”,
    “2024年” → “2025年”), for the entry's own texts (its `text`, `what`, `note`)."""
    old, new = re.split(r"(\d+)", flat(was)), re.split(r"(\d+)", flat(now))
    if len(old) != len(new):
        return []
    out = []
    for i in range(1, len(old), 2):
        after = old[i + 1].lstrip(".")[:1]
        if old[i] != new[i] and after:
            out.append((old[i] + after, new[i] + after))
    return out


def _texts(value: Any, pairs: list[tuple[str, str]]) -> Any:
    """The round's own words (a step's `what`, a check's `text`, the edition, the summary)
    with the numbers the quotes changed; the quotes themselves stay as found."""
    if isinstance(value, dict):
        return {k: v if k == "source" or k.endswith("_source") else _texts(v, pairs)
                for k, v in value.items()}
    if isinstance(value, list):
        return [_texts(v, pairs) for v in value]
    return _rewrite(value, pairs) if isinstance(value, str) else value


def _rewrite(text: str, pairs: list[tuple[str, str]]) -> str:
    """All the pairs replaced in one pass (2023年→2024年 and 2024年→2025年 never chain); a
    word two pairs would change differently stays as it is."""
    targets: dict[str, set[str]] = {}
    for before, after in pairs:
        targets.setdefault(before, set()).add(after)
    sure = {before: found.pop() for before, found in targets.items() if len(found) == 1}
    if not sure:
        return text
    words = "|".join(re.escape(b) for b in sorted(sure, key=len, reverse=True))
    return re.sub(rf"(?<!\d)(?:{words})", lambda match: sure[match[0]], text)


def _requote(node: Any, notice_flat: str, path: str, review: list[Decision]) -> Any:
    """Each entry holding a stale `source` re-quoted and retargeted, recursively."""
    if isinstance(node, list):
        return [_requote(v, notice_flat, f"{path}[{i}]", review) for i, v in enumerate(node)]
    if not isinstance(node, dict):
        return node
    out = {k: _requote(v, notice_flat, f"{path}.{k}" if path else k, review)
           for k, v in node.items()}
    for key, quote in node.items():
        if not (key == "source" or key.endswith("_source")) or not isinstance(quote, str):
            continue
        if all(p in notice_flat for p in parts(quote)):
            continue
        proposal = propose(quote, notice_flat)
        if proposal is None:
            continue
        out = _retarget(out, quote, proposal)
        out[key] = proposal
        review.append(Decision(path=path, was=quote, now=proposal))
    return out


def new_round(programme_id: str, notice_text: str, previous: RoundFile | None = None,
              round_id: str | None = None) -> RoundFile:
    """The draft of the round after `previous` (None: the shipped pack's own round)."""
    base = pack_raw(programme_id)
    notice_flat = flat(notice_text)
    if previous is not None:
        start = sections(previous)
        withdrawn, based_on = list(previous.withdrawn), previous.round
    else:
        start = {key: base.get(key) for key in ROUND_KEYS if key in base}
        withdrawn, based_on = [], pack_round_id(base)
    review: list[Decision] = []
    body = {key: _requote(copy.deepcopy(value), notice_flat, key, review)
            for key, value in start.items()}
    replaced = {(key, e.get("id")) for key in OVERRIDE_KEYS for e in body.get(key) or []}
    for key in OVERRIDE_KEYS:
        for i, entry in enumerate(base.get(key) or []):
            stale = [q for _, q in sources(entry) if any(p not in notice_flat
                                                          for p in parts(q))]
            if (key, entry.get("id")) in replaced or not stale:
                continue
            found: list[Decision] = []
            again = _requote(copy.deepcopy(entry), notice_flat, f"{key}[{i}]", found)
            if found:
                body.setdefault(key, []).append(again)
                review += found
    year = _year(body.get("year"), review)
    body["year"] = year
    changed = [pair for d in review for pair in _changed_words(d.was or "", d.now or "")]
    body = {key: _texts(value, changed) for key, value in body.items()}
    return RoundFile.model_validate({
        "programme": programme_id, "round": round_id or str(year or "next"),
        "based_on": based_on, "notice_text": notice_text, **body,
        "withdrawn": withdrawn, "review": review})


def _year(year: int | None, review: list[Decision]) -> int | None:
    """The previous year moved by as many years as the re-quoted dates moved (most of them)."""
    if year is None:
        return None
    shifts = [ny - oy for d in review for (oy, _, _), (ny, _, _) in
              zip(_dates(d.was or ""), _dates(d.now or ""), strict=False) if oy and ny]
    return year + max(set(shifts), key=shifts.count) if shifts else year


def previous_notice(previous: RoundFile | None, programme_id: str) -> str:
    return previous.notice_text if previous is not None else pack_notice(programme_id)
