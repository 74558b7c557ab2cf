"""The notice's own sentences answer what no topic does, and add what a question asks beyond it."""

from __future__ import annotations

import datetime as dt

import pytest

from dialogs import faq
from dialogs.faq.passages import relevant

TODAY = dt.date(2024, 1, 5)


def ask(question: str, *context: str) -> faq.Answer:
    return faq.ask(question, today=TODAY, context=list(context))


def test_a_question_about_one_sentence_of_the_notice_is_answered_with_it() -> None:
    answer = ask("去年被约谈过能报吗", "jilin-employment-individual")
    first = (answer.text or "").splitlines()[0]
    assert first.startswith("通知写明：5年内须无违纪违法") and "问责或约谈" in first
    assert "副厅级" in (answer.details or "") and "副厅级" not in (answer.text or "")


def test_how_long_the_public_notice_lasts_is_answered_for_every_level() -> None:
    answer = ask("公示要几天", "jilin-employment-collective")
    assert answer.matched == "jilin-employment-collective/publicity"
    assert "不少于5个工作日" in (answer.text or "")


def test_the_notice_sentence_comes_with_the_notices_own_words() -> None:
    text = ask("去年被约谈过 能报吉林就业创业先进个人吗").text or ""
    assert "问责或约谈" in text and "通知原文" in text


def test_what_a_question_adds_brings_the_relevant_rule_under_a_general_answer() -> None:
    answer = ask("我是外省户口在吉林打工的 能报吗", "jilin-migrant-worker-individual")
    assert answer.matched == "general/migrant_meaning"
    assert "外地户籍" in (answer.text or "")


@pytest.mark.parametrize("question", ["技术能手奖金多少钱？", "技术能手咨询电话",
                                      "灵活就业之星截止到哪天？", "技术能手评多少个人"])
def test_answers_that_state_a_value_get_nothing_added(question: str) -> None:
    assert "有关的规定" not in (ask(question).text or "")


@pytest.mark.parametrize("question", ["今天天气怎么样", "你们几点下班", "怎么修改我的地址"])
def test_chatter_is_not_answered_with_a_stray_sentence(question: str) -> None:
    for programme in ("henan-flexible-star", "jilin-employment-individual",
                      "changchun-technical-expert"):
        assert ask(question, programme).text is None


def test_the_words_people_ask_with_find_no_passage() -> None:
    assert relevant("henan-flexible-star", "怎么样多少什么") == []


def test_english_answers_quote_no_chinese_passages() -> None:
    answer = faq.ask("公示要几天", today=TODAY, locale="en",
                     context=["jilin-employment-collective"])
    assert answer.text is None or "通知原文" not in answer.text


def test_a_word_only_one_topic_asks_with_still_finds_a_passage() -> None:
    found = relevant("jinzhong-craftsman", "公示多少天")
    assert found[0] == "在本级新闻媒体、门户网站和用人单位公示5个工作日"
