"""Reading answers the way people type them on a phone."""

from __future__ import annotations

import datetime as dt

import pytest

from dialogs.parsing import ParseError, parse_date, parse_number, parse_yes_no, pick_option
from dialogs.types import Option

TODAY = dt.date(2024, 1, 5)


@pytest.mark.parametrize(("text", "expected"), [
    ("2020年6月", dt.date(2020, 6, 1)),
    ("2020.6", dt.date(2020, 6, 1)),
    ("2020-06-15", dt.date(2020, 6, 15)),
    ("2020/6/15", dt.date(2020, 6, 15)),
    ("1990年5月1日", dt.date(1990, 5, 1)),
    ("２０２０年６月", dt.date(2020, 6, 1)),
    ("2020", dt.date(2020, 1, 1)),
])
def test_dates_in_everyday_formats_are_understood(text: str, expected: dt.date) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(("text", "key"), [
    ("去年", "error.date"), ("2020-13-01", "error.date"), ("2025-01-01", "error.date_range"),
    ("1850", "error.date_range"),
])
def test_unreadable_or_impossible_dates_get_a_friendly_correction(text: str, key: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_date(text, TODAY)
    assert caught.value.key == key


def test_numbers_with_units_and_chinese_numerals() -> None:
    assert parse_number("3年") == 3
    assert parse_number("三") == 3
    assert parse_number("十二") == 12
    assert parse_number("2.5") == 2.5
    with pytest.raises(ParseError):
        parse_number("好几年")


def test_yes_no_and_not_sure() -> None:
    assert parse_yes_no("有") is True
    assert parse_yes_no("没有") is False
    assert parse_yes_no("不清楚") is None
    with pytest.raises(ParseError):
        parse_yes_no("也许吧")


@pytest.mark.parametrize(("text", "expected"), [
    ("得过", True), ("获得过", True), ("是啊", True), ("有的", True),
    ("没得过", False), ("没获得过", False), ("从来没有", False), ("没有啊", False),
    ("没犯过", False), ("得过市级技术能手", True), ("没得过什么荣誉", False),
    ("还没退", False), ("还没有", False), ("没办", False), ("没错", True)])
def test_yes_no_in_the_words_people_answer_with(text: str, expected: bool) -> None:
    assert parse_yes_no(text) is expected


def test_no_problem_is_not_a_no() -> None:
    with pytest.raises(ParseError):
        parse_yes_no("没问题")


def test_the_option_a_word_begins_wins_over_one_that_merely_contains_it() -> None:
    options = [Option("agree", "同意并开始"), Option("disagree", "不同意")]
    assert pick_option("同意", options).key == "agree"
    assert pick_option("不同意", options).key == "disagree"


def test_option_by_number_label_or_unique_part() -> None:
    options = [Option("a", "在用人单位就业"), Option("b", "灵活就业"), Option("c", "在校学生")]
    assert pick_option("2", options).key == "b"
    assert pick_option("灵活就业", options).key == "b"
    assert pick_option("学生", options).key == "c"
    with pytest.raises(ParseError):
        pick_option("4", options)
