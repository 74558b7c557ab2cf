"""Derived facts: what the known facts settle is never `missing`, so it is never asked."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from eligibility import parse_profile, programmes, screen_profile
from eligibility.cases import load_cases
from eligibility.derived import _parse, derivations
from eligibility.loader import programmes_dir
from eligibility.rules import Context

ON = dt.date(2024, 1, 10)


def _missing(programme_id: str, **facts: Any) -> tuple[str, list[str]]:
    pack = next(p for p in programmes() if p.id == programme_id)
    result = screen_profile(parse_profile(facts), ON, (pack,))[0]
    return result.verdict, result.missing


def test_no_honours_means_no_provincial_honour_with_benefits() -> None:
    verdict, missing = _missing(
        "jilin-employment-individual", province="吉林省", city="长春市", county="朝阳区",
        birth_date="1990-01-01", employment_status="self_employed", violations_5y=False,
        honors=[])
    assert "provincial_honor_with_benefits" not in missing and verdict == "eligible"


def test_an_organisation_that_is_an_enterprise_is_not_asked_its_type() -> None:
    _, missing = _missing("jilin-employment-collective", applicant_kind="organization",
                          province="吉林省", city="长春市", county="朝阳区",
                          employer_type="enterprise")
    assert "organization_type" not in missing


def test_a_self_employed_person_is_not_asked_a_cadre_rank() -> None:
    verdict, missing = _missing(
        "jilin-employment-individual", province="吉林省", city="长春市", county="朝阳区",
        birth_date="1990-01-01", employment_status="self_employed", violations_5y=False,
        honors=[])
    assert "position" not in missing and verdict == "eligible"


def test_a_company_founder_is_not_routed_into_flexible_work_questions() -> None:
    verdict, missing = _missing(
        "henan-flexible-star", province="河南省", city="洛阳市", county="洛龙区",
        birth_date="1985-06-15", gender="male", employment_status="self_employed",
        business_nature="private")
    assert verdict == "ineligible"
    assert {"flexible_type", "flexible_since", "flexible_registered"}.isdisjoint(missing)


def test_the_applicants_own_answer_wins_over_a_derivation() -> None:
    profile = parse_profile({"honors": [], "provincial_honor_with_benefits": True})
    assert profile.facts["provincial_honor_with_benefits"] is True
    assert "provincial_honor_with_benefits" not in profile.derived


def test_a_ruled_out_value_settles_a_test_on_the_remaining_ones() -> None:
    profile = parse_profile({"employment_status": "flexible"})
    assert "position" not in profile.facts
    changchun = next(p for p in programmes() if p.id == "changchun-technical-expert")
    head = next(c for c in changchun.criteria if c.id == "not_unit_head")
    assert head.compiled.evaluate(Context(profile.facts, ON, profile.excluded)).value is True


def _case_profiles() -> list[tuple[str, dict[str, Any]]]:
    found = []
    for pack in programmes():
        for case in load_cases(programmes_dir() / pack.id / "cases.yaml"):
            if not case.error:
                found.append((f"{pack.id}::{case.name}", case.profile))
    return found


@pytest.mark.parametrize(("name", "raw"), _case_profiles()[::3])
def test_no_screening_waits_for_a_fact_the_known_facts_settle(name: str,
                                                             raw: dict[str, Any]) -> None:
    profile = parse_profile(raw)
    settled = {d.fact for d in derivations()
               if d.equals is not None
               and d.when.evaluate(Context(profile.facts, ON, profile.excluded)).value is True}
    for result in screen_profile(profile, ON):
        assert settled.isdisjoint(result.missing), (name, result.programme)


def test_every_derivation_is_declared_with_its_reason() -> None:
    assert len(derivations()) >= 10
    assert all(d.why for d in derivations())


def test_a_derivation_may_not_read_a_date() -> None:
    with pytest.raises(ValueError, match="date"):
        _parse({"id": "x", "when": {"years_since": "business_founded_on", "at_least": 1},
                "then": {"fact": "business_licensed", "equals": True}, "why": "-"}, 0)
