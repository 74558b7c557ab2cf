"""Which programme a question names: places yield to programme names, slips are forgiven."""

from __future__ import annotations

import datetime as dt

import pytest

from dialogs import faq
from dialogs.faq.matching import clean

TODAY = dt.date(2024, 1, 5)


def test_a_place_yields_to_the_programme_the_question_names() -> None:
    named, _ = faq.named_programmes("洛阳能报几个青年就业创业之星 名额多少")
    assert named == ["henan-youth-star"]
    answer = faq.ask("洛阳能报几个青年就业创业之星 名额多少", today=TODAY)
    assert answer.programme == "henan-youth-star" and "洛阳市：7人" in (answer.text or "")


def test_a_place_alone_still_names_its_programmes() -> None:
    assert faq.named_programmes("洛阳的什么时候截止")[0] == ["luoyang-skill-entrepreneur-star"]
    assert sorted(faq.named_programmes("长春的奖金多少")[0]) == [
        "changchun-skill-grand-prize", "changchun-technical-expert"]


@pytest.mark.parametrize("question,programme", [
    ("技能创业之心多大年龄能报", "luoyang-skill-entrepreneur-star"),
    ("灵活就叶之星什么时候截止", "henan-flexible-star"),
    ("吉林就业创业先进集体评多少个", "jilin-employment-collective"),
])
def test_a_name_with_one_wrong_character_or_without_its_prefix_is_recognised(
        question: str, programme: str) -> None:
    assert faq.named_programmes(question)[0] == [programme]


def test_a_short_nickname_must_match_exactly() -> None:
    assert faq.named_programmes("工将奖金多少")[0] == []


@pytest.mark.parametrize("spoken,written", [("能报不", "能报吗"), ("有奖金没", "有奖金吗"),
                                            ("还能评不？", "还能评吗")])
def test_a_question_closed_the_spoken_way_reads_like_one_ending_in_ma(spoken: str,
                                                                     written: str) -> None:
    assert clean(spoken) == written


def test_a_question_naming_a_programme_prefers_its_answers_to_a_general_entry() -> None:
    answer = faq.ask("吉林农民工工作先进个人要出来打工几年", today=TODAY)
    assert answer.matched == "jilin-migrant-worker-individual/years"
    assert "3年以上" in (answer.text or "") and answer.programme_from == "named"


@pytest.mark.parametrize("question,programme,how", [
    ("jinzhong gongjiang 奖金多少", "jinzhong-craftsman", "pinyin"),
    ("jishu nengshou 什么时候截止", "changchun-technical-expert", "pinyin"),
    ("晋中公匠材料交几份", "jinzhong-craftsman", "typo"),
    ("洛阳的电子版发到哪个邮箱", "luoyang-skill-entrepreneur-star", "place"),
    ("打零工的能报吗", "henan-flexible-star", "group"),
])
def test_the_answer_says_how_the_programme_was_found(question: str, programme: str,
                                                     how: str) -> None:
    answer = faq.ask(question, today=TODAY)
    assert answer.programme == programme and answer.programme_from == how


def test_the_conversation_supplies_the_programme_and_a_place_word_yields_to_it() -> None:
    answer = faq.ask("吉林的材料交到哪", today=TODAY,
                     context=["jilin-migrant-worker-collective"])
    assert answer.programme == "jilin-migrant-worker-collective"
    assert answer.programme_from == "conversation"


@pytest.mark.parametrize("question,programme", [
    ("晋中公匠材料交几份", "jinzhong-craftsman"),
    ("青年知星什么时候截止", "henan-youth-star"),
])
def test_a_four_character_name_with_a_slip_that_sounds_the_same_is_recognised(
        question: str, programme: str) -> None:
    assert faq.named_programmes(question)[0] == [programme]


def test_a_four_character_slip_that_sounds_different_names_nothing() -> None:
    assert faq.named_programmes("技能大赛获奖的能报吗")[0] == []


@pytest.mark.parametrize("question,programme,held", [
    ("没当过长春技术能手 能报技能大奖吗", "changchun-skill-grand-prize", "长春技术能手"),
    ("前年拿了市里的就业创业之星，还能报省里的青年之星吗", "henan-youth-star", "就业创业之星"),
])
def test_a_title_the_applicant_holds_is_not_the_programme_asked_about(
        question: str, programme: str, held: str) -> None:
    named, rest = faq.named_programmes(question)
    assert named == [programme] and held in rest


def test_a_held_title_alone_still_names_its_programme() -> None:
    assert faq.named_programmes("当过技术能手还能再报吗")[0] == ["changchun-technical-expert"]
