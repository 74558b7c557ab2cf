"""The terminal channel: numbered options, typed numbers, and resuming where one stopped."""

from __future__ import annotations

import datetime as dt
import io

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.conversation import Conversation
from bot.crypto import Vault
from dialogs.types import Option, Question, Text
from handlers import console


def test_questions_are_rendered_with_numbered_options() -> None:
    question = Question("选一个", (Option("a", "甲"), Option("b", "乙")))
    text = console.render([Text("你好"), question])
    assert text == "你好\n\n选一个\n  1. 甲\n  2. 乙"


async def test_a_typed_number_picks_an_option_and_a_new_session_resumes(
        sessions: async_sessionmaker[AsyncSession], vault: Vault) -> None:
    conversation = Conversation(sessions, vault, clock=lambda: dt.date(2024, 1, 3))
    out = io.StringIO()
    await console.run(conversation, "tester", io.StringIO("1\n河南\n/quit\n"), out)
    assert "哪个市" in out.getvalue()
    again = io.StringIO()
    await console.run(conversation, "tester", io.StringIO(""), again)
    assert again.getvalue().lstrip().startswith("好的：河南省")
    assert "您好！我是" not in again.getvalue()
