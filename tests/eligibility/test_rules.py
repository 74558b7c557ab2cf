"""The rule language: statutory boundaries and three-valued logic."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from eligibility.profile import parse_profile
from eligibility.rule_parser import RuleError, parse_rule
from eligibility.rules import Context, whole_years
from eligibility.vocabulary import vocabulary


def truth(rule: dict[str, Any], profile: dict[str, Any], on: str = "2024-01-15") -> bool | None:
    parsed = parse_rule(rule, vocabulary())
    facts = parse_profile(profile).facts
    return parsed.evaluate(Context(facts, dt.date.fromisoformat(on))).value


@pytest.mark.parametrize(("birth", "on", "age"), [
    ("2006-01-15", "2024-01-15", 18),
    ("2006-01-16", "2024-01-15", 17),
    ("2000-02-29", "2023-02-28", 22),
    ("2000-02-29", "2023-03-01", 23),
])
def test_age_is_whole_years_and_a_birthday_counts_on_its_day(birth: str, on: str,
                                                             age: int) -> None:
    assert whole_years(dt.date.fromisoformat(birth), dt.date.fromisoformat(on)) == age


def test_age_range_includes_both_stated_numbers() -> None:
    rule = {"age": {"at_least": 18, "at_most": 60}}
    assert truth(rule, {"birth_date": "1963-01-16"}) is True
    assert truth(rule, {"birth_date": "1963-01-15"}) is False
    assert truth(rule, {"birth_date": "2006-01-15"}) is True


def test_absent_fact_is_unknown_not_false() -> None:
    assert truth({"fact": "criminal_record", "is": False}, {}) is None


def test_all_is_false_when_any_part_fails_even_with_unknowns() -> None:
    rule = {"all": [{"fact": "criminal_record", "is": False}, {"fact": "retired", "is": False}]}
    assert truth(rule, {"retired": True}) is False
    assert truth(rule, {"retired": False}) is None


def test_any_is_true_when_one_part_holds_even_with_unknowns() -> None:
    rule = {"any": [{"fact": "frontline", "is": True}, {"fact": "retired", "is": False}]}
    assert truth(rule, {"retired": False}) is True
    assert truth(rule, {"retired": True}) is None


def test_ordered_enum_comparison_follows_the_vocabulary_order() -> None:
    rule = {"fact": "skill_level", "at_least": "level3"}
    assert truth(rule, {"skill_level": "level1"}) is True
    assert truth(rule, {"skill_level": "level4"}) is False


def test_if_then_applies_only_when_the_condition_holds() -> None:
    rule = {"if": {"fact": "flexible_type", "equals": "individual_business"},
            "then": {"fact": "business_licensed", "is": True}}
    assert truth(rule, {"flexible_type": "part_time"}) is True
    assert truth(rule, {"flexible_type": "individual_business"}) is None
    assert truth(rule, {"flexible_type": "individual_business", "business_licensed": False}) \
        is False


def test_honour_within_years_counts_back_from_the_screening_year() -> None:
    """Screened in 2024 (the helper's date): 2020 is within 5 years, 2018 is not, and 2019
    depends on the month, which the honour's year alone cannot say."""
    rule = {"honor": {"levels": ["provincial", "national"], "within_years": 5}, "present": False}
    recent = {"honors": [{"level": "provincial", "kind": "other", "year": 2020, "title": "x"}]}
    edge = {"honors": [{"level": "provincial", "kind": "other", "year": 2019, "title": "x"}]}
    old = {"honors": [{"level": "provincial", "kind": "other", "year": 2018, "title": "x"}]}
    assert truth(rule, recent) is False
    assert truth(rule, edge) is None
    assert truth(rule, old) is True
    assert truth(rule, {"honors": []}) is True
    assert truth(rule, {}) is None


def test_honour_without_a_year_cannot_settle_a_within_years_rule() -> None:
    rule = {"honor": {"levels": ["national"], "within_years": 5}, "present": False}
    assert truth(rule, {"honors": [{"level": "national", "kind": "other", "title": "y"}]}) is None


def test_region_test_needs_every_named_level() -> None:
    rule = {"region": {"province": "河南省", "city": "洛阳市"}}
    assert truth(rule, {"province": "河南省", "city": "洛阳市"}) is True
    assert truth(rule, {"province": "河南省"}) is None
    assert truth(rule, {"province": "吉林省"}) is False


def test_date_comparison_includes_the_stated_day() -> None:
    rule = {"fact": "birth_date", "on_or_after": "1988-12-31"}
    assert truth(rule, {"birth_date": "1988-12-31"}) is True
    assert truth(rule, {"birth_date": "1988-12-30"}) is False


@pytest.mark.parametrize(("rule", "where"), [
    ({"fact": "group", "contains_any": ["astronaut"]}, "rule.contains_any"),
    ({"fact": "retired", "at_least": 3}, "rule.at_least"),
    ({"fact": "gender", "at_least": "male"}, "rule.at_least"),
    ({"all": []}, "rule"),
    ({"frobnicate": 1}, "rule"),
    ({"years_since": "province", "at_least": 1}, "rule.years_since"),
])
def test_malformed_rules_are_refused_with_their_path(rule: dict[str, Any], where: str) -> None:
    with pytest.raises(RuleError, match=f"^{where.replace('.', '[.]')}"):
        parse_rule(rule, vocabulary())
