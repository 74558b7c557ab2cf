"""Quota answers say the notice's words and units, and narrow to the city the question names.

The direct answer quotes the notice's quota sentences (每个县区推荐5名, 不超过2人) and a table row
in the table's unit; the full list (every row of an allocation table) is the answer's details.
"""

from __future__ import annotations

import datetime as dt

import pytest

from dialogs import faq

TODAY = dt.date(2024, 1, 5)


def ask(question: str, *context: str, locale: str = "zh_CN") -> str:
    return faq.ask(question, today=TODAY, locale=locale, context=list(context)).text or ""


def details(question: str, *context: str, locale: str = "zh_CN") -> str:
    return faq.ask(question, today=TODAY, locale=locale, context=list(context)).details or ""


@pytest.mark.parametrize("question,unit,not_unit", [
    ("促进就业创业先进集体评多少个", "先进集体65个", "65名"),
    ("农民工工作先进个人评几个", "先进个人70人", "70名"),
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
    assert "郑州市：10；" in text and "郑州市：10名" not in text


def test_a_named_city_gets_its_row_of_the_allocation_table_only() -> None:
    text = ask("青年就业创业之星洛阳名额多少")
    assert "洛阳市：7人" in text and "郑州市" not in text
    everything = details("青年就业创业之星名额多少")
    assert "洛阳市：7人" in everything and "郑州市：10人" in everything


def test_a_number_to_recommend_is_not_shown_as_a_maximum() -> None:
    text = ask("洛阳技能创业之星每个县推荐几个")
    assert "每个县区推荐5名" in text and "不超过5" not in text
    assert "不超过2人" in ask("灵活就业之星每个县推几个")


def test_english_quota_lines_carry_no_chinese_unit() -> None:
    text = ask("how many winners", "jilin-employment-collective", locale="en")
    assert "65 in total" in text and "65个" not in text
    assert "  · 65 in total" in details("how many winners", "jilin-employment-collective",
                                       locale="en")
