"""Screening across programmes: verdicts, reasons that name values, question order, windows."""

from __future__ import annotations

import datetime as dt

from eligibility import next_questions, parse_profile, programmes, screen, screen_profile
from eligibility.model import Programme
from eligibility.timeline import window_of

ON = dt.date(2021, 12, 1)


def _luoyang() -> Programme:
    return next(p for p in programmes() if p.id == "luoyang-skill-entrepreneur-star")


def test_every_programme_gets_a_result_and_absent_applicant_kind_means_person() -> None:
    results = screen({}, ON)
    assert [r.programme for r in results] == [p.id for p in programmes()]
    kinds = {p.id: p.applicant_kind for p in programmes()}
    for result in results:
        expected = "incomplete" if kinds[result.programme] == "person" else "ineligible"
        assert result.verdict == expected, result.programme
    collective = next(r for r in results if kinds[r.programme] == "organization")
    assert [r.criterion for r in collective.reasons] == ["applicant_kind"]


def test_region_is_asked_first_when_nothing_is_known() -> None:
    assert next_questions(screen({}, ON))[0] == "province"


def test_question_needed_by_more_programmes_comes_first() -> None:
    results = screen({"province": "河南省", "city": "洛阳市"}, ON)
    order = next_questions(results)
    needs = {f: sum(f in r.missing for r in results) for f in order}
    assert [needs[f] for f in order] == sorted(needs.values(), reverse=True)


def test_ruled_out_programmes_ask_nothing_more() -> None:
    results = screen({"province": "吉林省", "city": "长春市"}, ON)
    luoyang = next(r for r in results if r.programme == "luoyang-skill-entrepreneur-star")
    assert luoyang.verdict == "ineligible" and luoyang.missing == []
    assert luoyang.in_scope is False
    assert "birth_date" not in next_questions([luoyang])


def test_reason_names_the_rule_and_the_applicants_value() -> None:
    profile = parse_profile({"province": "河南省", "city": "洛阳市", "birth_date": "2004-07-01"})
    result = screen_profile(profile, ON, (_luoyang(),))[0]
    assert result.reasons[0].text == (
        "年龄须在18周岁以上，您的年龄是17周岁（出生日期2004年7月1日）")


def test_soft_criteria_are_staff_checks_and_never_block() -> None:
    profile = parse_profile({"province": "河南省", "city": "洛阳市"})
    result = screen_profile(profile, ON, (_luoyang(),))[0]
    assert {c.criterion for c in result.staff_checks} >= {"political_stance", "business_scale"}
    assert "political_stance" not in result.missing


def test_window_moves_from_open_to_closed_after_the_deadline() -> None:
    pack = _luoyang()
    open_window = window_of(pack, dt.date(2021, 12, 9))
    assert open_window.status == "open" and open_window.days_left == 0
    assert open_window.text_zh() == "截止：2021年12月9日，还有 0 天"
    closed = window_of(pack, dt.date(2021, 12, 10))
    assert closed.status == "closed" and closed.text_zh() == "本期已截止（2021年12月9日）"


def test_result_serialises_to_the_documented_json_shape() -> None:
    data = screen({}, ON)[0].to_dict()
    assert set(data) >= {"programme", "verdict", "category", "reasons", "missing",
                         "staff_checks", "window"}
    assert set(data["window"]) >= {"status", "deadline"}


def test_a_round_without_its_own_opening_date_opens_with_its_notice() -> None:
    """河南 2024: the notice of 2023-12-27 opens the round; a day before it, it is upcoming."""
    pack = next(p for p in programmes() if p.id == "henan-flexible-star")
    before = window_of(pack, dt.date(2023, 12, 1))
    assert before.status == "upcoming" and before.opens == dt.date(2023, 12, 27)
    assert before.text_zh() == "2023年12月27日开始受理，截止：2024年1月15日"
    assert window_of(pack, dt.date(2024, 1, 3)).status == "open"
