"""Every asking of a question has a version; a tap from another asking is stale."""

from __future__ import annotations

import datetime as dt

from dialogs.engine import advance
from dialogs.i18n import t
from dialogs.state import DialogState, Turn
from dialogs.types import Inbound, Question, Text

TODAY = dt.date(2024, 1, 5)


def last_question(turn: Turn) -> Question:
    question = turn.outbound[-1]
    assert isinstance(question, Question)
    return question


def test_each_question_carries_a_new_version_and_repeats_keep_theirs() -> None:
    welcome = advance(DialogState(), Inbound("text", TODAY, text="你好"))
    consent = last_question(welcome)
    assert consent.ask
    sticker = advance(welcome.state, Inbound("media", TODAY, media="sticker"))
    assert last_question(sticker).ask == consent.ask, "the same buttons stay good"
    agreed = advance(sticker.state, Inbound("choice", TODAY, choice="agree",
                                            answers=consent.ask))
    assert last_question(agreed).ask not in ("", consent.ask)


def test_a_stale_tap_changes_nothing_and_asks_the_current_question() -> None:
    welcome = advance(DialogState(), Inbound("text", TODAY, text="你好"))
    old = last_question(welcome).ask
    agreed = advance(welcome.state, Inbound("choice", TODAY, choice="agree", answers=old))
    stale = advance(agreed.state, Inbound("choice", TODAY, choice="disagree", answers=old))
    assert stale.outbound[0] == Text(t("zh_CN", "button.stale"))
    assert stale.outbound[-1] == agreed.outbound[-1]
    assert stale.effects == ()
    assert (stale.state.flow, stale.state.step, stale.state.consent) == (
        agreed.state.flow, agreed.state.step, agreed.state.consent)
