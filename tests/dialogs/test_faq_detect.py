"""Side questions are answered without stealing answers, at every kind of question.

Both directions: what an applicant types as an answer (a date, a number, an ID number, yes/no,
不清楚, an option word, a place, a name) is never taken for a question; a sentence ending in ？
or starting with a question word is answered, and the step is asked again with nothing lost.
"""

from __future__ import annotations

import datetime as dt

import pytest

from dialogs.engine import advance
from dialogs.faq.detect import is_question
from dialogs.questions import question_for
from dialogs.state import CONSENT_VERSION, DialogState
from dialogs.types import Inbound, Question, outbound_to_dict
from eligibility.vocabulary import vocabulary

TODAY = dt.date(2024, 1, 5)
REGION = {"province": "河南省", "city": "洛阳市", "county": "西工区"}

ANSWERS = ["2020年6月", "2020.6", "2020-06-01", "2020", "3", "三年", "2.5", "十",
           "410303198506150021", "41030319850615002X", "是", "否", "有", "没有", "不清楚",
           "不知道", "yes", "no", "河南", "洛阳 西工区", "洛龙", "张三", "餐饮", "快递外卖",
           "91410300MA44XXXX0X", "1", "灵活就业", "可以", "多少", "能"]
QUESTIONS = ["为什么要身份证？", "为什么要身份证", "奖金多少？", "奖金多少", "要交哪些材料",
             "截止到哪天？", "多大年龄可以报", "能不能同时报两个", "可以用复印件吗",
             "怎么申报", "什么是灵活就业", "哪个部门受理", "这个必须填吗", "why do you need this?",
             "how much is the prize", "2020年以前的也算吗？"]


@pytest.mark.parametrize("text", ANSWERS)
def test_an_answer_shaped_message_is_not_a_question(text: str) -> None:
    assert not is_question(text)


@pytest.mark.parametrize("text", QUESTIONS)
def test_a_question_shaped_message_is_a_question(text: str) -> None:
    assert is_question(text)


def test_every_option_label_of_every_question_is_an_answer() -> None:
    for name in vocabulary().facts:
        if vocabulary()[name].type in ("honors", "id_number", "uscc"):
            continue
        for locale in ("zh_CN", "en"):
            labels = [o.label for o in question_for(name, locale).options]
            for label in labels:
                assert not is_question(label, labels), (name, label)


def test_a_long_text_is_an_answer_even_with_a_question_mark() -> None:
    essay = "我从2015年开始跑外卖，" * 8 + "这算不算贡献？"
    assert not is_question(essay)


def _at(step: str) -> DialogState:
    answers = dict(REGION)
    if step == "county":
        answers.pop("county")
    state = DialogState(consent=CONSENT_VERSION, flow="screening", step=step, answers=answers)
    fact = "birth_date" if step == "id_number" else step
    question = question_for(fact, "zh_CN") if fact in vocabulary() and step != "county" \
        else Question("哪个县（市、区）？")
    state.pending["options"] = [[o.key, o.label] for o in question.options]
    state.pending["free_text"] = question.free_text
    state.pending["prompt"] = outbound_to_dict(question)
    return state


STEPS = [  # (step, an answer as typed, the fact it fills, the value)
    ("flexible_since", "2020年6月", "flexible_since", "2020-06-01"),
    ("service_years_continuous", "3", "service_years_continuous", 3),
    ("retired", "否", "retired", False),
    ("retired", "2", "retired", False),
    ("employment_status", "灵活就业", "employment_status", "flexible"),
    ("achievements", "1", "achievements", None),
    ("industry", "餐饮", "industry", "餐饮"),
    ("county", "洛龙", "county", "洛龙区"),
    ("id_number", "410303198506150021", "birth_date", "1985-06-15"),
]


@pytest.mark.parametrize("step,typed,fact,value", STEPS, ids=[s[0] + ":" + s[1] for s in STEPS])
def test_an_answer_typed_at_each_kind_of_step_is_saved_not_answered(
        step: str, typed: str, fact: str, value: object) -> None:
    turn = advance(_at(step), Inbound("text", TODAY, text=typed))
    assert turn.state.flow == "screening"
    assert fact in turn.state.answers
    if value is not None:
        assert turn.state.answers[fact] == value
    assert not any("身份证号码用来" in getattr(o, "text", "") for o in turn.outbound)


@pytest.mark.parametrize("step", sorted({s[0] for s in STEPS}))
def test_a_question_at_each_kind_of_step_is_answered_and_the_step_asked_again(
        step: str) -> None:
    state = _at(step)
    turn = advance(state, Inbound("text", TODAY, text="为什么要身份证？"))
    texts = [o.text for o in turn.outbound]
    assert any("加密保存" in text for text in texts)
    assert turn.state.flow == "screening" and turn.state.step == step
    assert turn.state.answers == state.answers
    assert isinstance(turn.outbound[-1], Question)
    assert turn.outbound[-1].text == state.pending["prompt"]["text"]
    assert not turn.effects
