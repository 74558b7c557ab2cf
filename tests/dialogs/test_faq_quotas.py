"""Quota answers count in the notice's own units and narrow to the city the question names."""

from __future__ import annotations

import datetime as dt

import pytest

from dialogs import faq

TODAY = dt.date(2024, 1, 5)


def ask(question: str, *context: str, locale: str = "zh_CN") -> str:
    return faq.ask(question, today=TODAY, locale=locale, context=list(context)).text or ""


@pytest.mark.parametrize("question,unit,not_unit", [
    ("促进就业创业先进集体评多少个", "共评选65个", "65名"),
    ("农民工工作先进个人评几个", "共评选70人", "70名"),
    ("技能大奖一个县能推荐几个", "人社部门推荐3个", None),
    ("技术能手一个县能推荐几个", "人社部门推荐3名", None),
    ("晋中工匠评多少人", "15名左右", None),
])
def test_quota_answers_use_the_unit_the_notice_counts_in(question: str, unit: str,
                                                         not_unit: str | None) -> None:
    text = ask(question)
    assert unit in text, text
    assert not_unit is None or not_unit not in text


def test_a_table_without_a_unit_gives_the_bare_number() -> None:
    text = ask("灵活就业之星郑州名额多少")
    assert "郑州市：10\n" in text + "\n" and "郑州市：10名" not in text


def test_a_named_city_gets_its_row_of_the_allocation_table_only() -> None:
    text = ask("青年就业创业之星洛阳名额多少")
    assert "洛阳市：7人" in text and "郑州市" not in text
    everything = ask("青年就业创业之星名额多少")
    assert "洛阳市：7人" in everything and "郑州市：10人" in everything


def test_english_quota_lines_carry_no_chinese_unit() -> None:
    text = ask("how many winners", "jilin-employment-collective", locale="en")
    assert "  · 65 in total" in text and "65个 in total" not in text
