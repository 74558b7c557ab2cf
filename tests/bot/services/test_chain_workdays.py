"""Working days past the calendar library's data: the State Council's arrangement where it is
known, weekends only (said on the page) where it is not, and an admin's entered arrangement
over both; the 公示 text from a chosen start date with the phone for objections."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.services.chain import publicity
from bot.services.chain.workdays import ArrangementError, Calendar, parse_arrangement
from dialogs.profile_state import programme_by_id

FLEX = programme_by_id("henan-flexible-star")
JILIN = programme_by_id("jilin-migrant-worker-individual")
assert FLEX is not None and JILIN is not None
PUBLICITY = FLEX.chain[-1].publicity
assert PUBLICITY is not None


@pytest.mark.parametrize(("start", "end"), [
    ("2024-02-08", "2024-02-20"),  # 春节 2月10日-17日; 2月18日(星期日)上班
    ("2024-09-27", "2024-10-09"),  # 国庆 10月1日-7日; 9月29日(星期日)上班
    ("2024-10-10", "2024-10-15"),  # 10月12日(星期六)上班
    ("2025-01-24", "2025-02-06"),  # 春节 1月28日-2月4日; 1月26日(星期日)上班
    ("2025-09-26", "2025-10-09"),  # 国庆中秋 10月1日-8日; 9月28日(星期日)上班
    ("2026-02-12", "2026-02-25"),  # 春节 2月15日-23日; 2月14日(星期六)上班
    ("2026-09-30", "2026-10-12"),  # 国庆 10月1日-7日; 10月10日(星期六)上班
    ("2026-10-01", "2026-10-13"),  # starting on a holiday: the period begins on 10月8日
])
def test_five_working_days_across_the_published_holidays(start: str, end: str) -> None:
    calendar = Calendar()
    first = calendar.first_working_day(dt.date.fromisoformat(start))
    assert calendar.working_days_after(first, 5) == dt.date.fromisoformat(end)
    assert calendar.warning() == ""


@pytest.mark.parametrize(("start", "end", "years"), [
    ("2026-12-28", "2027-01-01", "2027"),  # crosses into 2027: its 元旦 is not known yet
    ("2030-09-30", "2030-10-04", "2030"),
])
def test_a_year_without_data_counts_weekends_only_and_says_so(start: str, end: str,
                                                              years: str) -> None:
    calendar = Calendar()
    span = publicity.period(PUBLICITY, dt.date.fromisoformat(start), calendar)
    assert span.end == dt.date.fromisoformat(end)
    assert span.warning == f"{years}年节假日安排尚未公布，按周末计算，请核对"


def test_an_entered_arrangement_replaces_the_fallback_for_its_year() -> None:
    days = parse_arrangement(2027, "元旦 1月1日-3日 调休 1月4日\n"
                                   "春节 2月6日-2月13日 调休 2月14日、2月21日")
    assert days[dt.date(2027, 1, 2)] == (False, "元旦")
    assert days[dt.date(2027, 2, 14)] == (True, "春节")
    calendar = Calendar({day: workday for day, (workday, _) in days.items()})
    span = publicity.period(PUBLICITY, dt.date(2027, 2, 5), calendar)
    assert (span.begin, span.end) == (dt.date(2027, 2, 5), dt.date(2027, 2, 17))
    assert span.warning == ""


@pytest.mark.parametrize("line", ["春节 2月30日", "春节", "春节 二月六日"])
def test_an_unreadable_arrangement_names_its_line(line: str) -> None:
    with pytest.raises(ArrangementError, match="第1行"):
        parse_arrangement(2027, line)


def test_the_publicity_text_has_the_chosen_start_the_phone_and_the_notices_length() -> None:
    level = JILIN.chain[2]
    assert level.publicity is not None
    text = publicity.text(JILIN, level.publicity, ["李四", "张三"],
                          unit="长春市人力资源和社会保障局", start=dt.date(2024, 9, 27),
                          issued=dt.date(2024, 9, 20), calendar=Calendar(),
                          phone="0431-88888888")
    assert "1. 李四\n2. 张三" in text
    assert "公示时间：2024年9月27日至2024年10月9日（不少于5个工作日）" in text
    assert "联系电话：0431-88888888" in text and text.endswith("2024年9月20日")
