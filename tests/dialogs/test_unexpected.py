"""Stickers, videos, untranscribed voice, links, files, contacts and locations at every step:
one sentence on what arrived, one on what the step takes, the step asked again, nothing moved."""

from __future__ import annotations

import datetime as dt

import pytest

from dialogs.engine import advance
from dialogs.i18n import t
from dialogs.state import DialogState, Turn
from dialogs.types import Inbound, Question, Text
from dialogs.unexpected import MEDIA

TODAY = dt.date(2024, 1, 5)


def play(*steps: Inbound | str, state: DialogState | None = None) -> Turn:
    turn = Turn(state or DialogState(), ())
    for step in steps:
        if isinstance(step, str):
            step = (Inbound("choice", TODAY, choice=step[1:]) if step.startswith("@")
                    else Inbound("text", TODAY, text=step))
        turn = advance(turn.state, step)
    return turn


def media(kind: str, text: str = "") -> Inbound:
    return Inbound("media", TODAY, media=kind, text=text)


STEPS = {"consent": ("你好",), "province": ("你好", "@agree"),
         "county": ("你好", "@agree", "河南", "洛阳"), "menu": ("你好", "@disagree")}


@pytest.mark.parametrize("step", sorted(STEPS))
@pytest.mark.parametrize("kind", MEDIA)
@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_every_kind_at_every_step_is_explained_and_the_step_asked_again(
        step: str, kind: str, locale: str) -> None:
    before = play(*STEPS[step], state=DialogState(locale=locale))
    after = advance(before.state, media(kind))
    texts = [item.text for item in after.outbound if isinstance(item, Text)]
    assert texts[0] == t(locale, f"media.{kind}")
    assert after.outbound[-1] == before.outbound[-1], "the same question again"
    assert isinstance(after.outbound[-1], Question)
    assert (after.state.flow, after.state.step, after.state.answers) == (
        before.state.flow, before.state.step, before.state.answers)
    assert after.effects == ()


def test_a_location_with_a_label_answers_the_region_question() -> None:
    turn = play("你好", "@agree", media("location", "河南省洛阳市洛龙区开元大道"))
    assert turn.state.answers.get("province") == "河南省"
    assert turn.state.answers.get("county") == "洛龙区"


def test_a_location_without_a_name_is_explained_at_the_region_question() -> None:
    turn = play("你好", "@agree", media("location"))
    assert turn.outbound[0] == Text(t("zh_CN", "media.location"))
    assert "province" not in turn.state.answers


def test_a_location_elsewhere_is_not_taken_as_an_answer() -> None:
    turn = play("你好", media("location", "河南省洛阳市洛龙区"))
    assert turn.state.flow == "consent" and turn.state.consent is None
