"""The audit table of a pack: every rule with the notice's words, its kind and its effect.

A clerk or an auditor checks a pack against its notice line by line: for each rule, what the
notice says (the verbatim quote), how the pack reads it (hard; soft because the notice says
原则上 or 一般; soft for the office to judge; a value from an outside fact) and what that does
to a verdict. The chain of offices (deadlines, 公示, quotas) is listed apart, with its quotes.
`awardbot programmes audit` writes these tables to docs/audit/, and a test keeps them current.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from eligibility.loader import QUALIFIED
from eligibility.model import Criterion, Programme
from eligibility.outside import outside_facts

_PIPE = re.compile(r"\s*\|\s*")


def _cell(text: str | None) -> str:
    """Text for a markdown table cell: one line, no pipes."""
    return _PIPE.sub(" / ", re.sub(r"\s+", " ", text or "").strip()) or "-"


def kind_of(criterion: Criterion) -> str:
    if criterion.kind == "hard":
        kind = "hard"
    elif criterion.rule is not None:
        words = [w for w in QUALIFIED if w in criterion.quote]
        kind = f"soft ({'/'.join(words)})" if words else "soft (office decides)"
    else:
        kind = "soft (for the office)"
    if criterion.outside:
        kind += "; outside fact: " + ", ".join(criterion.outside)
    return kind


def effect_of(criterion: Criterion) -> str:
    if criterion.kind == "hard":
        return f"fails → `ineligible`, reason “{criterion.text}，…”; unknown → asked"
    if criterion.rule is not None:
        return "fails → exception for the office (verdict unchanged); unknown → asked"
    return "listed in staff_checks; never asked, never refuses"


def _rules(p: Programme) -> Iterator[str]:
    yield "| rule | notice quote | kind | effect on the verdict | how the pack reads it |"
    yield "| --- | --- | --- | --- | --- |"
    yield (f"| `scope`: 本项目面向在{p.scope.province}{p.scope.city or ''}工作或经营的申报者 | "
           f"“{_cell(p.scope.source)}” | hard | outside the region → `ineligible` | - |")
    for c in p.criteria:
        yield (f"| `{c.id}`: {_cell(c.text)} | “{_cell(c.quote)}” | {kind_of(c)} | "
               f"{effect_of(c)} | {_cell(c.note)} |")


def _documents(p: Programme) -> Iterator[str]:
    yield "| document | required | notice quote | note |"
    yield "| --- | --- | --- | --- |"
    for d in p.documents:
        required = "yes" if d.required else ("when: " + _cell(d.when_text) if d.when_text
                                             else "no")
        yield f"| `{d.id}`: {_cell(d.name)} | {required} | “{_cell(d.source)}” | {_cell(d.note)} |"


def _outside(p: Programme) -> Iterator[str]:
    used = dict.fromkeys(name for c in p.criteria for name in c.outside)
    used.update(dict.fromkeys(name for d in p.documents for name in d.outside))
    if not used:
        yield "None: every value of this pack is quoted from the notice."
        return
    yield "| outside fact | what | values | source |"
    yield "| --- | --- | --- | --- |"
    for name in used:
        fact = outside_facts()[name]
        values = ", ".join(str(v) for v in fact.values) or "-"
        yield f"| `{name}` | {_cell(fact.what)} | {values} | {_cell(fact.source)} |"


def _levels(p: Programme) -> Iterator[str]:
    yield ("| level | forwards to | deadline | quotas | ranks | 公示 | 汇总表 | notice quote |")
    yield "| --- | --- | --- | --- | --- | --- | --- | --- |"
    for level in p.chain:
        publicity = "-"
        if level.publicity is not None:
            pub = level.publicity
            unit = "工作日" if pub.working_days else "日"
            length = f"{'不少于' if pub.at_least else ''}{pub.days}个{unit}"
            publicity = f"{length}（{_cell(pub.where)}）“{_cell(pub.source)}”"
        ranks = f"“{_cell(level.ranks.source)}”" if level.ranks else "-"
        table = f"“{_cell(level.summary_table.source)}”" if level.summary_table else "-"
        top = "decides" if level.decides else (level.forwards_to or "-")
        name = f"{level.id}: {_cell(level.name)}" + (
            "" if level.in_tool else " (not in the tool)")
        yield (f"| {name} | {top} | {level.deadline or '-'} | {', '.join(level.quotas) or '-'} | "
               f"{ranks} | {publicity} | {table} | “{_cell(level.source)}” |")


def _chain(p: Programme) -> Iterator[str]:
    yield "| item | value | notice quote | note |"
    yield "| --- | --- | --- | --- |"
    for t in p.timeline:
        when = "-" if t.end is None else (
            t.end.zh() if t.start is None or t.start == t.end
            else f"{t.start.zh()}至{t.end.zh()}")
        flag = " (applicant deadline)" if t.applicant_deadline else ""
        yield (f"| timeline `{t.id}` ({t.who}){flag}: {_cell(t.what)} | {when} | "
               f"“{_cell(t.source)}” | {_cell(t.note)} |")
    for q in p.quotas:
        value = q.count if q.count is not None else (
            f"{q.ratio_min or ''}-{q.ratio_max or ''}" if q.ratio_max else "-")
        soft = " (原则上: not a hard limit)" if any(w in q.source for w in QUALIFIED) else ""
        yield (f"| quota `{q.scope}` {_cell(q.unit)}{soft} | {value} | “{_cell(q.source)}” | "
               f"{_cell(q.note)} |")


def audit_table(p: Programme) -> str:
    """The audit of one pack as markdown."""
    lines = [f"# {p.name} (`{p.id}`): audit against the notice", "",
             f"Notice: `eligibility/notices/{p.notice}` ({p.issuer}, {p.edition}). Generated "
             "from the pack by `awardbot programmes audit`; each quote is checked verbatim "
             "against the notice when the pack loads.", "",
             "## Rules", "", *_rules(p), "",
             "## Values from outside the notice", "", *_outside(p), "",
             "## Documents", "", *_documents(p), "",
             "## The chain of offices: levels, 公示, deadlines, quotas", "",
             "The levels are the chain of offices' data (issue 19), the timeline and quotas "
             "the pack's; both are listed with the notice's words so the audit covers every "
             "value (a 公示's length is checked against its quote like every number).", "",
             *_levels(p), "", *_chain(p), "",
             "## What the notice leaves open", ""]
    lines += [f"- **{u.topic}**: {_cell(u.note)}" for u in p.unknowns] or ["- nothing"]
    return "\n".join(lines) + "\n"


def audit_index(packs: list[Programme]) -> str:
    """docs/audit/README.md: the policy in one paragraph and a line per programme."""
    lines = ["# Audit tables: every rule against its notice", "",
             "One table per programme: each rule with the notice's verbatim words, how the pack "
             "reads it (hard; soft because the notice says 原则上 or 一般, which gives an "
             "exception for the office and never `ineligible`; soft for the office to judge; "
             "a value from an outside fact with its source) and its effect on the verdict; "
             "then the outside facts, the chain of offices (deadlines, 公示, quotas: issue "
             "19's data) and what the notice leaves open. The policy is in "
             "docs/programme-packs.md (“Words of obligation”, “No invented values”). "
             "Regenerate with `awardbot programmes audit` after editing a pack.", "",
             "| programme | notice | rules (hard / soft with a rule / for the office) |",
             "| --- | --- | --- |"]
    for p in packs:
        hard = sum(c.kind == "hard" for c in p.criteria)
        ruled = sum(c.kind == "soft" and c.rule is not None for c in p.criteria)
        office = sum(c.kind == "soft" and c.rule is None for c in p.criteria)
        lines.append(f"| [{p.name}]({p.id}.md) | `{p.notice}` | {hard} / {ruled} / {office} |")
    return "\n".join(lines) + "\n"
