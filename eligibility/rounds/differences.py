"""What a new notice changes against the round it follows, and whether each change is settled.

Two kinds of difference, both computed from the texts (never from what the office typed):
- every quote of the new round's programme that its notice no longer contains (`gone`: it must
  be re-quoted, withdrawn, or, for the pack's own stable parts, kept with a note), and every
  re-quote the tool proposed (`changed`: settled once the office confirmed it);
- every line of the new notice that the previous notice did not have and that nothing quotes
  (`new_line`: quote it, or say with a note why it states no rule).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from eligibility.loader import sources
from eligibility.rounds.build import pack_raw, sections
from eligibility.rounds.model import OVERRIDE_KEYS, ROUND_KEYS, RoundFile

_SPACE = re.compile(r"\s+")
_ELLIPSIS = re.compile(r"…+|\.\.\.")
_DATE = re.compile(r"\d{1,2}月\d{1,2}日")
MIN_LINE = 6
"""Shorter lines (a table cell, a heading number) are read only as part of the quotes."""

Kind = Literal["gone", "changed", "kept", "new_line"]


def flat(text: str) -> str:
    return _SPACE.sub("", text)


def parts(quote: str) -> list[str]:
    return [p for p in _ELLIPSIS.split(flat(quote)) if p]


@dataclass(frozen=True)
class Difference:
    kind: Kind
    what: str
    """dates, quotas, age, documents, rules, chain, contacts or text: what the line is about."""
    path: str
    was: str | None
    now: str | None
    settled: bool
    note: str = ""

    def text_zh(self) -> str:
        mark = "✓" if self.settled else "✗"
        label = WHAT_ZH.get(self.what, self.what)
        if self.kind == "new_line":
            return f"{mark} [{label}] 新通知新增、尚无引用：{self.now}" + (
                f"（{self.note}）" if self.note else "")
        if self.kind == "changed":
            return f"{mark} [{label}] {self.path}：{self.was} → {self.now}"
        if self.kind == "kept":
            return f"{mark} [{label}] {self.path}：沿用 {self.was}（{self.note}）"
        return f"{mark} [{label}] {self.path}：新通知中已没有“{self.was}”"


WHAT_ZH = {"dates": "日期", "quotas": "名额", "age": "年龄", "documents": "材料",
           "rules": "条件", "chain": "程序", "contacts": "联系人", "text": "文字"}


def what_of(path: str, quote: str) -> str:
    section = path.split("[", 1)[0].split(".", 1)[0]
    if section == "criteria" and ("出生" in quote or "周岁" in quote):
        return "age"
    if section in ("timeline",) or (section in ("chain", "submission") and _DATE.search(
            flat(quote))):
        return "dates"
    return {"quotas": "quotas", "documents": "documents", "criteria": "rules",
            "categories": "rules", "chain": "chain", "submission": "chain",
            "contacts": "contacts"}.get(section, "text")


def _stable_sources(round_file: RoundFile) -> list[tuple[str, str]]:
    """The pack's own quotes the round takes over unchanged (neither replaced nor withdrawn)."""
    own = sections(round_file)
    replaced = {(key, e.get("id")) for key in OVERRIDE_KEYS for e in own.get(key, [])}
    replaced |= {(w.section, w.id) for w in round_file.withdrawn}
    out: list[tuple[str, str]] = []
    for key, value in pack_raw(round_file.programme).items():
        if key in ROUND_KEYS:
            continue
        if key in OVERRIDE_KEYS:
            for i, entry in enumerate(value or []):
                if (key, entry.get("id")) not in replaced:
                    out += list(sources(entry, f"{key}[{i}]"))
        else:
            out += list(sources(value, key))
    return out


def _covered(line: str, quotes: list[str]) -> bool:
    return any(p in line or (line in p) for q in quotes for p in parts(q) if len(p) >= MIN_LINE
               or p == line)


def differences(round_file: RoundFile, previous_notice: str) -> list[Difference]:
    """Every difference of the round's notice against the previous notice, in the order of the
    round's parts, then the new lines in the notice's order."""
    notice = flat(round_file.notice_text)
    decisions = round_file.review
    out: list[Difference] = []
    own = list(sources(sections(round_file)))
    for path, quote in own:
        if any(p not in notice for p in parts(quote)):
            out.append(Difference("gone", what_of(path, quote), path, quote, None, False))
    own_quotes = {flat(q) for _, q in own}
    for decision in decisions:
        if decision.was and decision.now and flat(decision.now) in own_quotes:
            out.append(Difference("changed", what_of(decision.path, decision.was),
                                  decision.path, decision.was, decision.now, decision.settled,
                                  decision.note))
    kept = {flat(d.was): d for d in decisions if d.was and not d.now}
    stable = _stable_sources(round_file)
    for path, quote in stable:
        if all(p in notice for p in parts(quote)):
            continue
        decision = kept.get(flat(quote))
        settled = bool(decision and decision.settled and decision.note.strip())
        out.append(Difference("kept" if settled else "gone", what_of(path, quote), path, quote,
                              None, settled, decision.note if decision else ""))
    quoted = [q for _, q in own + stable]
    before = flat(previous_notice)
    dismissed = {flat(d.line): d for d in decisions if d.line}
    for raw_line in round_file.notice_text.splitlines():
        line = flat(raw_line)
        if len(line) < MIN_LINE or line in before or _covered(line, quoted):
            continue
        decision = dismissed.get(line)
        settled = bool(decision and decision.settled and decision.note.strip())
        out.append(Difference("new_line", "text", "", None, raw_line.strip(), settled,
                              decision.note if decision else ""))
    return out


def unsettled(found: list[Difference]) -> list[Difference]:
    return [d for d in found if not d.settled]
