"""docs/audit/ holds the current audit table of every pack: rule, quote, kind, effect."""

from __future__ import annotations

from pathlib import Path

import pytest

from eligibility import programmes
from eligibility.audit import audit_index, audit_table, effect_of, kind_of

DOCS = Path(__file__).resolve().parents[2] / "docs" / "audit"
PACKS = {p.id: p for p in programmes()}


@pytest.mark.parametrize("pid", sorted(PACKS))
def test_the_audit_table_in_docs_is_current(pid: str) -> None:
    written = (DOCS / f"{pid}.md").read_text(encoding="utf-8")
    assert written == audit_table(PACKS[pid]), "run `awardbot programmes audit`"


def test_the_index_lists_every_programme() -> None:
    assert (DOCS / "README.md").read_text(encoding="utf-8") == audit_index(list(PACKS.values()))


def test_each_kind_of_rule_says_its_effect() -> None:
    youth = {c.id: c for c in PACKS["henan-youth-star"].criteria}
    assert kind_of(youth["born_after_1988_12_31"]) == "soft (一般)"
    assert "exception for the office" in effect_of(youth["born_after_1988_12_31"])
    assert kind_of(youth["graduate_school"]) == "hard"
    assert "`ineligible`" in effect_of(youth["graduate_school"])
    flexible = {c.id: c for c in PACKS["henan-flexible-star"].criteria}
    assert "outside fact: minimum_working_age, statutory_retirement_age" in kind_of(
        flexible["working_age"])
    table = audit_table(PACKS["henan-flexible-star"])
    assert "渐进式延迟法定退休年龄" in table and "在厅网站公示5个工作日" in table


def test_a_quota_the_notice_qualifies_with_yuanzeshang_is_marked_soft() -> None:
    assert "(原则上: not a hard limit)" in audit_table(PACKS["jinzhong-craftsman"])
