"""Form fields already known from screening are filled from the answer, never asked again, and
shown in words (never as internal keys) when the applicant opens the box to change it."""

from __future__ import annotations

import datetime as dt

import pytest

from dialogs import applications as apps
from dialogs.flows import application_steps
from dialogs.profile_state import programme_by_id
from dialogs.reply import Reply
from dialogs.state import DialogState
from dialogs.types import Inbound, Question

LUOYANG = programme_by_id("luoyang-skill-entrepreneur-star")


def _confirmation(field: str, answers: dict[str, object], locale: str = "zh_CN") -> str:
    assert LUOYANG is not None
    state = DialogState(locale=locale, answers=answers,
                        application={"cursor": f"field:{field}", "fields": {}, "items": {}})
    reply = Reply(state, Inbound("text", dt.date(2024, 1, 7)))
    apps.refresh_conditions(LUOYANG, state.application, answers, reply.today)
    assert apps.is_done(state.application, f"field:{field}"), "a known box is never asked"
    application_steps.ask_field(reply, LUOYANG)
    question = next(o for o in reply.outbound if isinstance(o, Question))
    return question.text


@pytest.mark.parametrize(("field", "answers", "shown", "hidden"), [
    ("education", {"education": "bachelor"}, "本科", "bachelor"),
    ("gender", {"gender": "female"}, "女", "female"),
    ("business_nature", {"business_nature": "private"}, "民营企业", "private"),
    ("business_employees", {"business_employees": 12}, "12人", "12.0"),
])
def test_a_known_choice_is_confirmed_with_its_chinese_label(
        field: str, answers: dict[str, object], shown: str, hidden: str) -> None:
    text = _confirmation(field, answers)
    assert shown in text
    assert hidden not in text


def test_a_known_choice_is_confirmed_in_english_for_an_english_applicant() -> None:
    text = _confirmation("education", {"education": "bachelor"}, locale="en")
    assert "bachelor's degree" in text
