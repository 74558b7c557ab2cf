"""Entries staff saved are handed into the pure FAQ and matched like the written ones."""

from __future__ import annotations

import datetime as dt

from dialogs import faq
from dialogs.engine import advance
from dialogs.faq.saved import SavedEntries, SavedEntry
from dialogs.state import DialogState
from dialogs.types import Inbound, Text

TODAY = dt.date(2024, 1, 3)
QUESTION = "洛龙区人社局周六上班吗？"
ANSWER = "周六上午9点到12点有人值班，地址是开元大道248号。"
LUOYANG = "luoyang-skill-entrepreneur-star"


def _saved(programme: str | None = None, locale: str = "zh_CN") -> SavedEntries:
    return SavedEntries((SavedEntry(7, QUESTION, ANSWER, programme, locale),), "1:7")


def test_without_saved_entries_the_question_is_not_answered() -> None:
    assert faq.ask(QUESTION, today=TODAY).text is None


def test_a_saved_entry_answers_its_question_and_close_phrasings() -> None:
    exact = faq.ask(QUESTION, today=TODAY, saved=_saved())
    assert exact.text == ANSWER and exact.matched == "saved/7"
    close = faq.ask("请问洛龙区人社局周六上班吗", today=TODAY, saved=_saved())
    assert close.text == ANSWER


def test_a_programme_entry_answers_only_in_that_programmes_scope() -> None:
    saved = _saved(LUOYANG)
    inside = faq.ask(QUESTION, today=TODAY, context=[LUOYANG], saved=saved)
    assert inside.text == ANSWER and inside.programme == LUOYANG
    outside = faq.ask(QUESTION, today=TODAY, context=["henan-flexible-star"], saved=saved)
    assert outside.text != ANSWER


def test_saved_entries_do_not_displace_better_written_answers() -> None:
    written = faq.ask("奖金多少？", today=TODAY, context=[LUOYANG], saved=_saved())
    assert written.text is not None and written.matched != "saved/7"


def test_an_english_reader_is_told_a_chinese_answer_is_chinese_only() -> None:
    text, _ = faq.render("saved:7", "en", TODAY, (), _saved())
    assert text.endswith(ANSWER) and text != ANSWER
    assert faq.render("saved:7", "en", TODAY, (), _saved(locale="en"))[0] == ANSWER


def test_an_entry_removed_after_it_was_offered_says_so_politely() -> None:
    text, programme = faq.render("saved:7", "zh_CN", TODAY, (), SavedEntries())
    assert "撤下" in text and programme is None


def test_the_conversation_answers_from_the_entries_the_caller_hands_in() -> None:
    state = DialogState()
    for text, choice in (("你好", None), ("", "agree")):
        kind = "choice" if choice else "text"
        state = advance(state, Inbound(kind, TODAY, text=text, choice=choice)).state
    turn = advance(state, Inbound("text", TODAY, text=QUESTION, faq_saved=_saved()))
    assert any(isinstance(o, Text) and o.text == ANSWER for o in turn.outbound)
    plain = advance(state, Inbound("text", TODAY, text=QUESTION))
    assert not any(getattr(o, "text", "") == ANSWER for o in plain.outbound)
