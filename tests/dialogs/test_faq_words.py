"""Everyday words for the notices' terms: records, own business, past awards, years at work."""

from __future__ import annotations

import datetime as dt

import pytest

from dialogs import faq
from dialogs.faq.matching import clean

TODAY = dt.date(2024, 1, 5)


def ask(question: str, *context: str) -> str:
    return faq.ask(question, today=TODAY, context=list(context)).text or ""


@pytest.mark.parametrize("question,rule", [
    ("以前犯过事儿 能报洛阳那个技能创业之星不", "违法犯罪纪录"),
    ("判过刑能报灵活就业之星吗", "无违法犯罪"),
    ("受过处分能报吉林就业创业先进个人吗", "政务处分"),
])
def test_a_record_in_everyday_words_finds_the_notices_rule(question: str, rule: str) -> None:
    assert rule in ask(question)


@pytest.mark.parametrize("question", ["自己开公司创业的 能报吉林促进就业创业先进个人不",
                                      "自己开店的能报吉林就业创业先进个人吗"])
def test_running_ones_own_business_is_the_notices_self_employment(question: str) -> None:
    assert "自主创业" in ask(question)


def test_a_past_award_at_city_level_meets_the_rule_on_honours_within_five_years() -> None:
    text = ask("前年拿了市里的就业创业之星，还能报省里的青年之星吗")
    assert "5年内" in text and "原则上不参与" in text


@pytest.mark.parametrize("spoken,written", [
    ("干了4年", "干了几年"), ("工作满3年了", "工作满几年"),
    ("我89年的", "我89年的"), ("2019年干的", "2019年干的"),
])
def test_years_at_work_read_as_a_duration_but_birth_and_calendar_years_do_not(
        spoken: str, written: str) -> None:
    assert clean(spoken) == written


def test_years_at_work_bring_the_years_rule_not_a_general_entry() -> None:
    answer = faq.ask("我在劳动监察干农民工工作4年了 能报吉林农民工工作先进个人吗", today=TODAY)
    assert answer.matched == "jilin-migrant-worker-individual/years"
    assert "连续工作满3年以上" in (answer.text or "")
    assert "您说的是“4年”" in (answer.text or "")


@pytest.mark.parametrize("question,copies", [("晋中工匠材料交几份", "一式四份"),
                                             ("洛阳技能创业之星登记表交几份", "一式2份")])
def test_copies_are_stated_in_the_notices_own_words(question: str, copies: str) -> None:
    text = ask(question)
    assert copies in text and "一式4份" not in text


def test_the_jilin_collectives_plaque_is_named() -> None:
    plaque = "奖牌“吉林省促进就业创业和农民工工作先进集体”"
    assert plaque in ask("吉林就业创业先进集体发的奖牌叫啥")
