"""原则上 and 一般 are not 须: such a rule never refuses, it is an exception the office decides.

The policy is in docs/programme-packs.md (“Words of obligation”); the loader enforces it, and
these tests hold every shipped pack to it and show what a screening result says.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from eligibility import parse_profile, programmes, screen_profile
from eligibility.cases import load_cases
from eligibility.loader import PackError, load_pack, programmes_dir

QUALIFIED = ("原则上", "一般")


def _rules() -> list[tuple[str, Any]]:
    return [(f"{p.id}:{c.id}", c) for p in programmes() for c in p.criteria]


def test_every_rule_whose_quote_says_yuanzeshang_or_yiban_is_soft() -> None:
    qualified = [(name, c) for name, c in _rules() if any(w in c.quote for w in QUALIFIED)]
    assert len(qualified) >= 7  # 河南青年 3, 灵活就业 1, 长春 1, 吉林 2+, 晋中 1
    assert [name for name, c in qualified if c.kind != "soft"] == []


def test_a_qualified_rule_that_fails_is_seen_as_an_exception_in_some_case() -> None:
    seen: set[str] = set()
    for pack in programmes():
        for case in load_cases(programmes_dir() / pack.id / "cases.yaml"):
            seen |= {f"{pack.id}:{c}" for c in case.exceptions or []}
    with_rules = {name for name, c in _rules() if c.kind == "soft" and c.rule is not None}
    assert with_rules - seen == set()


def _mutated_pack(tmp_path: Path, pack: str, change: Callable[[dict[str, Any]], None]) -> Path:
    folder = tmp_path / pack
    shutil.copytree(programmes_dir() / pack, folder)
    file = folder / "programme.yaml"
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    change(data)
    file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


def _criterion(data: dict[str, Any], criterion_id: str) -> dict[str, Any]:
    return next(c for c in data["criteria"] if c["id"] == criterion_id)


def test_a_hard_rule_quoting_yuanzeshang_is_refused_at_load(tmp_path: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        _criterion(d, "past_technical_expert")["kind"] = "hard"
    folder = _mutated_pack(tmp_path, "changchun-skill-grand-prize", change)
    with pytest.raises(PackError, match="原则上/一般"):
        load_pack(folder)


def test_priority_words_only_order_candidates_and_carry_no_rule(tmp_path: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        _criterion(d, "selection_priority")["rule"] = {"fact": "grassroots_service", "is": True}
    folder = _mutated_pack(tmp_path, "jilin-employment-individual", change)
    with pytest.raises(PackError, match="优先/倾斜"):
        load_pack(folder)


def _screen(programme_id: str, on: str, **facts: Any) -> dict[str, Any]:
    pack = next(p for p in programmes() if p.id == programme_id)
    return screen_profile(parse_profile(facts), dt.date.fromisoformat(on), (pack,))[0].to_dict()


def test_the_screening_json_carries_the_exception_and_is_not_ineligible() -> None:
    result = _screen("henan-youth-star", "2024-01-10", province="河南省", city="郑州市",
                     county="金水区", birth_date="1988-12-29", school_type="regular_hei",
                     employment_status="self_employed", grassroots_service=False, honors=[])
    assert result["verdict"] == "eligible"
    assert result["exceptions"] == [{
        "criterion": "born_after_1988_12_31",
        "text": "通知写明“年龄一般在35周岁以下(1988年12月31日以后出生)”，您的情况（出生日期："
                "1988年12月29日）由人社部门决定"}]


def test_an_ineligible_result_lists_no_exceptions() -> None:
    result = _screen("henan-youth-star", "2024-01-10", province="河南省", city="郑州市",
                     county="金水区", birth_date="1980-01-01", school_type="other",
                     employment_status="self_employed", grassroots_service=False, honors=[])
    assert result["verdict"] == "ineligible" and result["exceptions"] == []
