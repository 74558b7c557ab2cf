"""Profiles: typed facts, every problem reported, and what an ID number tells us."""

from __future__ import annotations

import datetime as dt

import pytest

from eligibility.identifiers import IdentifierError, check_uscc
from eligibility.profile import ProfileError, parse_profile


def test_valid_id_number_gives_birth_date_and_gender() -> None:
    profile = parse_profile({"id_number": "11010519491231002X"})
    assert profile.facts["birth_date"] == dt.date(1949, 12, 31)
    assert profile.facts["gender"] == "female"
    assert {"birth_date", "gender"} <= profile.derived


def test_stated_birth_date_is_not_overridden_by_the_id_number() -> None:
    profile = parse_profile({"id_number": "11010519491231002X", "birth_date": "1950-01-01"})
    assert profile.facts["birth_date"] == dt.date(1950, 1, 1)


def test_wrong_check_digit_is_named() -> None:
    with pytest.raises(ProfileError, match="校验位"):
        parse_profile({"id_number": "110105194912310021"})


def test_impossible_birth_date_in_an_id_number_is_named() -> None:
    with pytest.raises(ProfileError, match="出生日期"):
        parse_profile({"id_number": "110105194913310021"})


def test_unknown_place_code_is_a_warning_not_an_error() -> None:
    number = "99010519491231002"
    from stdnum.cn import ric
    profile = parse_profile({"id_number": number + ric.calc_check_digit(number + "0")})
    assert profile.warnings and "地区代码" in profile.warnings[0]


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(ProfileError) as caught:
        parse_profile({"shoe_size": 42, "birth_date": "1990/05/01", "retired": "no",
                       "skill_level": "master"})
    assert len(caught.value.problems) == 4
    assert any("shoe_size" in p for p in caught.value.problems)


def test_skill_level_above_none_implies_a_certificate() -> None:
    assert parse_profile({"skill_level": "level3"}).facts["skill_certificate"] is True
    assert "skill_certificate" not in parse_profile({"skill_level": "none"}).facts


def test_uscc_with_letter_department_code_is_accepted() -> None:
    from stdnum.cn import uscc
    body = "N2110000MA0ABCDE1"
    code = body + uscc.calc_check_digit(body)
    assert check_uscc(code) == code
    assert not uscc.is_valid(code)


def test_uscc_with_a_forbidden_letter_points_at_the_position() -> None:
    with pytest.raises(IdentifierError, match="第9位"):
        check_uscc("91110000I00037341L")
