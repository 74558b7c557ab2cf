"""No invented values: a number, date or list neither quoted nor an outside fact is refused.

Also the outside fact behind “在劳动年龄内”: the statutory retirement age per birth month and
sex under the 2025 decision, checked against the first and last rows of its transition tables.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from eligibility import parse_profile
from eligibility.loader import PackError, load_pack, programmes_dir
from eligibility.outside import outside_facts, retirement_age_text, retirement_date
from eligibility.rule_parser import parse_rule
from eligibility.rules import Context
from eligibility.values import quoted_dates, quoted_numbers
from eligibility.vocabulary import vocabulary


def _mutated(tmp_path: Path, pack: str, change: Callable[[dict[str, Any]], None]) -> Path:
    folder = tmp_path / pack
    shutil.copytree(programmes_dir() / pack, folder)
    file = folder / "programme.yaml"
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    change(data)
    file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


def _refused(tmp_path: Path, pack: str, change: Callable[[dict[str, Any]], None]) -> str:
    with pytest.raises(PackError) as caught:
        load_pack(_mutated(tmp_path, pack, change))
    return caught.value.path + ": " + caught.value.message


def _criterion(data: dict[str, Any], criterion_id: str) -> dict[str, Any]:
    return next(c for c in data["criteria"] if c["id"] == criterion_id)


def test_an_invented_age_bound_is_refused(tmp_path: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        _criterion(d, "working_age")["rule"] = {"age": {"at_least": 16, "at_most": 54}}
    assert "54 is neither in the quote" in _refused(tmp_path, "henan-flexible-star", change)


def test_a_value_of_an_outside_fact_the_element_does_not_name_is_refused(
        tmp_path: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        _criterion(d, "working_age")["outside"] = ["statutory_retirement_age"]
    message = _refused(tmp_path, "henan-flexible-star", change)
    assert "criteria[2].rule.all[0].age.at_least" in message and "16" in message


def test_an_outside_fact_that_is_not_defined_is_refused(tmp_path: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        _criterion(d, "working_age")["outside"] = ["common_sense"]
    assert "'common_sense' is not an outside fact" in _refused(
        tmp_path, "henan-flexible-star", change)


def test_an_invented_list_of_related_honours_is_refused(tmp_path: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        _criterion(d, "no_other_provincial_honor")["rule"]["honor"]["kinds"] = [
            "employment_entrepreneurship", "labor_model"]
    assert "an invented list" in _refused(tmp_path, "henan-flexible-star", change)


def test_a_word_count_the_notice_does_not_state_is_refused(tmp_path: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        field = next(f for f in d["form"]["fields"] if f["id"] == "main_deeds")
        field["max_chars"] = 600
    assert "form.fields" in _refused(tmp_path, "luoyang-skill-entrepreneur-star", change)


def test_a_quota_or_a_date_changed_from_the_notice_is_refused(tmp_path: Path) -> None:
    def quota(d: dict[str, Any]) -> None:
        d["quotas"][0]["count"] = 6
    def date(d: dict[str, Any]) -> None:
        d["timeline"][0]["end"] = "2021-12-10"
    assert "quotas[0].count" in _refused(tmp_path / "q", "luoyang-skill-entrepreneur-star", quota)
    assert "timeline[0].end" in _refused(tmp_path / "d", "luoyang-skill-entrepreneur-star", date)


def test_copies_are_read_with_their_measure_not_from_an_annex_number() -> None:
    assert 2.0 not in quoted_numbers("登记表。（见附件2）", ("份",))
    assert 2.0 in quoted_numbers("此表上报一式两份", ("份",))
    assert {1000.0, 2000.0} <= quoted_numbers("1000-2000字", ("字",))
    assert {1.5, 2.0} <= quoted_numbers("分配名额的150%-200%执行", ("%",))
    assert 10000.0 in quoted_numbers("分别给予1万元和5000元的奖励", ("元",))
    assert quoted_dates("并于10月24-26日将申报材料")[0] == {(None, 10, 24), (None, 10, 26)}


@pytest.mark.parametrize(("birth", "track", "age", "retires"), [
    ("1964-12-15", "male", "60周岁", "2024-12-15"),        # before the tables
    ("1965-01-15", "male", "60周岁1个月", "2025-02-15"),   # 男 first row 1965年1月-4月
    ("1965-05-01", "male", "60周岁2个月", "2025-07-01"),
    ("1976-09-01", "male", "63周岁", "2039-09-01"),        # 男 last row 1976年9月起
    ("1969-12-31", "female_55", "55周岁", "2024-12-31"),
    ("1970-03-10", "female_55", "55周岁1个月", "2025-04-10"),  # 女55 first row
    ("1981-09-01", "female_55", "58周岁", "2039-09-01"),   # 女55 last row
    ("1975-02-05", "female_50", "50周岁1个月", "2025-03-05"),  # 女50 first row 1975年1月-2月
    ("1975-03-31", "female_50", "50周岁2个月", "2025-05-31"),
    ("1984-11-02", "female_50", "55周岁", "2039-11-02"),   # 女50 last row 1984年11月起
])
def test_statutory_retirement_age_follows_the_transition_tables(
        birth: str, track: Any, age: str, retires: str) -> None:
    born = dt.date.fromisoformat(birth)
    assert retirement_age_text(born, track) == age
    assert retirement_date(born, track) == dt.date.fromisoformat(retires)


def test_the_retirement_fact_names_the_decision_it_comes_from() -> None:
    fact = outside_facts()["statutory_retirement_age"]
    assert "渐进式延迟法定退休年龄" in fact.source and "2025年1月1日" in fact.source
    assert set(fact.tracks) == {"male", "female_55", "female_50"}


def _below(on: str, **facts: Any) -> bool | None:
    rule = parse_rule({"below_retirement_age": {"women": 55}}, vocabulary())
    context = Context(parse_profile(facts).facts, dt.date.fromisoformat(on))
    return rule.evaluate(context).value


def test_gender_is_needed_only_when_it_decides() -> None:
    assert _below("2025-06-01", birth_date="1985-05-01") is True
    assert _below("2025-06-01", birth_date="1966-05-01") is None  # 59: a man yes, a woman no
    assert _below("2025-06-01", birth_date="1966-05-01", gender="male") is True
    assert _below("2025-06-01", birth_date="1960-05-01") is False
