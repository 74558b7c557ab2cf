"""Reminders in the conversation: “不再提醒” / “stop reminders” anywhere switches them off with a
confirmation and the current question again, “恢复提醒” on; a closed programme's result offers
“下一轮开始时提醒我”; the reminder text names what is missing and how to stop."""

from __future__ import annotations

import datetime as dt

import yaml

from dialogs import reminders
from dialogs.engine import advance
from dialogs.state import DialogState
from dialogs.types import Inbound, Question, SetReminders, SubscribeNextRound
from eligibility.loader import programmes
from tests.dialogs.transcript import FOLDER

AFTER_DEADLINE = dt.date(2022, 3, 1)


def _walk(after_result: int, today: dt.date) -> DialogState:
    """The Luoyang application transcript played up to its result, then `after_result` more
    steps (counted from the result, so a screening question more or less moves nothing)."""
    script = yaml.safe_load((FOLDER / "application_luoyang.yaml").read_text(encoding="utf-8"))
    state = DialogState()
    left: int | None = None
    for step in script["steps"]:
        if left == 0:
            break
        inbound = Inbound("choice", today, choice=str(step["choose"])) if "choose" in step \
            else Inbound("text", today, text=str(step["send"]))
        state = advance(state, inbound).state
        if left is not None:
            left -= 1
        elif state.flow == "result":
            left = after_result
    return state


def _texts(turn_outbound: tuple[object, ...]) -> list[str]:
    return [getattr(item, "text", "") for item in turn_outbound]


def test_stop_reminders_in_the_middle_of_a_step_confirms_and_asks_the_step_again() -> None:
    state = _walk(4, dt.date(2021, 12, 1))
    before = state.to_json()
    for words, enabled, key in (("不再提醒", False, "以后不再给您发提醒"),
                                ("stop reminders", False, "以后不再给您发提醒"),
                                ("恢复提醒", True, "已恢复提醒")):
        turn = advance(state, Inbound("text", dt.date(2021, 12, 1), text=words))
        assert turn.effects == (SetReminders(enabled),)
        texts = _texts(turn.outbound)
        assert key in texts[0]
        assert texts[1:] == [before["pending"]["prompt"]["text"]]
        assert turn.state.flow == state.flow and turn.state.application == state.application


def test_a_closed_programme_offers_to_remind_when_the_next_round_opens() -> None:
    state = _walk(0, AFTER_DEADLINE)
    question = state.pending["options"]
    option = next(key for key, label in question if key.startswith(reminders.SUBSCRIBE))
    assert option == "notify:luoyang-skill-entrepreneur-star"
    turn = advance(state, Inbound("choice", AFTER_DEADLINE, choice=option))
    assert turn.effects == (SubscribeNextRound("luoyang-skill-entrepreneur-star",
                                               "2021-12-09"),)
    assert "下一轮开始时会提醒您" in _texts(turn.outbound)[0]
    assert isinstance(turn.outbound[-1], Question)


def test_an_open_programme_offers_no_subscription() -> None:
    state = _walk(0, dt.date(2021, 12, 1))
    assert not [k for k, _ in state.pending["options"] if k.startswith(reminders.SUBSCRIBE)]


def test_a_reminder_names_what_is_missing_and_how_to_stop_in_both_languages() -> None:
    luoyang = next(p for p in programmes() if p.id == "luoyang-skill-entrepreneur-star")
    today, deadline = dt.date(2021, 12, 6), dt.date(2021, 12, 9)
    for locale, expected, stop in (("zh_CN", "离截止还有3天（2021年12月9日）", "不再提醒"),
                                   ("en", "3 days left until the deadline (9 December 2021)",
                                    "stop reminders")):
        missing = reminders.missing_labels(locale, luoyang, ["field:phone"])
        text = reminders.message(locale, [reminders.line(
            locale, "deadline", luoyang, today, {"deadline": deadline, "missing": missing})])
        assert expected in text and missing[0] in text and stop in text
