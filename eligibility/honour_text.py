"""Honours written as free text (a form's 曾获荣誉 box) checked against a notice's exclusions.

The screening reads structured honours, but the 登记表 has a free-text box, and what the
applicant types there (“2021年山西省技术能手”) may be exactly what the notice excludes (已入选…
三晋技术能手…不参加遴选). Every exclusion whose rule names titles is checked against each item
of the text, with the same title matching as the rules (quotes, 省/市 and the outside facts'
other names aside), so the applicant is told and the office sees it flagged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from eligibility.model import Criterion, Programme
from eligibility.rules import AllOf, AnyOf, HonorTest, IfThen, NotRule, Rule, same_title

_ITEMS = re.compile(r"[\n；;，,、。]+")


@dataclass(frozen=True)
class HonourConflict:
    criterion: Criterion
    title: str      # the excluded title the text names
    written: str    # the item of the text that names it

    def text(self) -> str:
        return (f"填写的荣誉“{self.written}”属于通知写明的“{self.criterion.quote}”，"
                "请人社部门核实")


def _excluded_titles(rule: Rule) -> Iterator[str]:
    if isinstance(rule, HonorTest) and not rule.present and not rule.levels:
        yield from rule.titles  # a level filter (国家…) cannot be read from free text
    elif isinstance(rule, AllOf | AnyOf):
        for item in rule.items:
            yield from _excluded_titles(item)
    elif isinstance(rule, IfThen):
        yield from _excluded_titles(rule.then)
    elif isinstance(rule, NotRule):
        return


def honour_text_conflicts(programme: Programme, text: str) -> list[HonourConflict]:
    """The exclusions of `programme` that the free-text honours `text` run into."""
    items = [item.strip() for item in _ITEMS.split(text or "") if item.strip()]
    found: list[HonourConflict] = []
    for criterion in programme.criteria:
        if criterion._compiled is None:
            continue
        for title in dict.fromkeys(_excluded_titles(criterion._compiled)):
            written = next((item for item in items if same_title(title, item)), None)
            if written is not None:
                found.append(HonourConflict(criterion, title, written))
                break
    return found
