"""Back in on another phone: the receipt number, a code sent to the channel the applicant used,
and the application continues here; wrong or unknown receipts tell nothing and open nothing."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.conversation import Conversation, Message
from bot.crypto import Vault
from bot.db import store
from bot.db.reminders import ReminderJob
from bot.services import code_delivery, resume
from bot.services.push import Outcome, Pusher
from bot.storage import FileStore
from bot.transcript import load_transcript
from tests.bot.services import walk
from tests.file_stores import BOTH_STORES

pytestmark = BOTH_STORES
SECRET = b"resume test secret"


def _conversation(sessions: async_sessionmaker[AsyncSession], vault: Vault,
                  files: FileStore) -> Conversation:
    today = walk.today_of("luoyang")
    conversation = Conversation(sessions, vault, clock=lambda: today, files=files)
    conversation.gates.append(resume.gate(sessions, SECRET, Pusher))
    return conversation


async def _say(conversation: Conversation, who: str, mid: str, text: str) -> str:
    result = await conversation.handle(Message("web", who, mid, kind="text", text=text))
    return "\n".join(getattr(item, "text", "") for item in result.outbound)


async def test_a_receipt_and_the_code_sent_to_the_old_channel_bring_the_application_back(
        sessions: async_sessionmaker[AsyncSession], vault: Vault,
        file_store: FileStore) -> None:
    conversation = _conversation(sessions, vault, file_store)
    texts = await walk.play(conversation, "luoyang", file_store)
    receipt = re.search(r"[A-Z]{2}-\d{4}-\d{4}-[2-9A-HJ-NP-Z]{4}", "\n".join(texts))
    assert receipt is not None
    asked = await _say(conversation, "new-phone", "n1", receipt.group(0).lower())
    assert "6位验证码" in asked
    unknown = await _say(conversation, "stranger", "x1", "LS-2021-1201-ZZZZ")
    assert unknown == asked, "an unknown receipt is answered the same way"
    assert "不对" in await _say(conversation, "stranger", "x2", "123456")
    async with sessions() as session:
        old = await load_transcript(session, "web", "walker")
    code = re.search(r"验证码：(\d{6})", old[-1].reply[0].text)
    assert code is not None and receipt.group(0) in old[-1].reply[0].text
    wrong = f"{(int(code.group(1)) + 1) % 10**6:06d}"
    assert "不对" in await _say(conversation, "new-phone", "n2", wrong)
    assert "已找回" in await _say(conversation, "new-phone", "n3", code.group(1))
    async with sessions() as session:
        assert await store.applicant_of(session, "web", "new-phone") == \
            await store.applicant_of(session, "web", "walker")
    await _say(conversation, "new-phone", "n4", "菜单")
    status = await conversation.handle(Message("web", "new-phone", "n5", kind="choice",
                                               choice="continue"))
    assert receipt.group(0) in "\n".join(getattr(i, "text", "") for i in status.outbound)
    assert "不对" not in await _say(conversation, "new-phone", "n6", code.group(1)), \
        "a used code opens nothing and is not taken for a code again"


async def test_five_wrong_codes_or_ten_minutes_end_the_attempt(
        sessions: async_sessionmaker[AsyncSession], vault: Vault,
        file_store: FileStore) -> None:
    moments = [dt.datetime(2021, 12, 1, 2, 0, tzinfo=dt.UTC)]
    conversation = _conversation(sessions, vault, file_store)
    conversation.gates[-1] = resume.gate(sessions, SECRET, Pusher, lambda: moments[0])
    texts = await walk.play(conversation, "luoyang", file_store)
    receipt = re.search(r"[A-Z]{2}-\d{4}-\d{4}-[2-9A-HJ-NP-Z]{4}", "\n".join(texts))
    assert receipt is not None
    await _say(conversation, "guesser", "g0", receipt.group(0))
    for attempt in range(5):
        assert "不对" in await _say(conversation, "guesser", f"g{attempt + 1}", "000000")
    async with sessions() as session:
        old = await load_transcript(session, "web", "walker")
    code = re.search(r"验证码：(\d{6})", old[-1].reply[0].text)
    assert code is not None
    assert "已找回" not in await _say(conversation, "guesser", "g9", code.group(1))
    await _say(conversation, "late", "l0", receipt.group(0))
    async with sessions() as session:
        old = await load_transcript(session, "web", "walker")
    late = re.search(r"验证码：(\d{6})", old[-1].reply[0].text)
    assert late is not None
    moments[0] += dt.timedelta(minutes=11)
    assert "已找回" not in await _say(conversation, "late", "l1", late.group(1))


class FailsFirst:
    """The platform answers 5xx to the first send (a `retry` outcome), then accepts."""

    def __init__(self) -> None:
        self.calls = 0

    async def push(self, session: AsyncSession, applicant_id: int, text: str,
                   now: dt.datetime) -> Outcome:
        self.calls += 1
        if self.calls == 1:
            return Outcome("retry", "telegram", "telegram: 502 Bad Gateway")
        return await Pusher().push(session, applicant_id, text, now)


class Down:
    """The platform answers 5xx to every send."""

    async def push(self, session: AsyncSession, applicant_id: int, text: str,
                   now: dt.datetime) -> Outcome:
        return Outcome("retry", "wechat", "wechat: HTTP 503")


async def test_a_code_the_platform_refused_with_a_5xx_is_retried_until_sent(
        sessions: async_sessionmaker[AsyncSession], vault: Vault,
        file_store: FileStore) -> None:
    start = dt.datetime(2021, 12, 1, 2, 0, tzinfo=dt.UTC)
    flaky, woken = FailsFirst(), []
    conversation = _conversation(sessions, vault, file_store)
    texts = await walk.play(conversation, "luoyang", file_store)
    receipt = re.search(r"[A-Z]{2}-\d{4}-\d{4}-[2-9A-HJ-NP-Z]{4}", "\n".join(texts))
    assert receipt is not None
    conversation.gates[-1] = resume.gate(sessions, SECRET, lambda: flaky, lambda: start,
                                         lambda: woken.append(1))
    assert "6位验证码" in await _say(conversation, "new-phone", "r1", receipt.group(0))
    assert woken == [1], "the retry loop is woken"

    async def old_phone() -> str:
        async with sessions() as session:
            return (await load_transcript(session, "web", "walker"))[-1].reply[0].text

    assert "验证码" not in await old_phone(), "not sent yet"
    assert await code_delivery.deliver(sessions, flaky, lambda: start) == 1, "not due yet"
    later = start + dt.timedelta(seconds=6)
    assert await code_delivery.deliver(sessions, flaky, lambda: later) == 0
    code = re.search(r"验证码：(\d{6})", await old_phone())
    assert code is not None and flaky.calls == 2
    async with sessions() as session:
        [job] = await session.scalars(select(ReminderJob).where(ReminderJob.kind == "code"))
        assert job.status == "sent" and job.params == {}, "the code is not kept once sent"
    assert "已找回" in await _say(conversation, "new-phone", "r2", code.group(1))


async def test_a_code_not_sent_before_it_expires_is_erased(
        sessions: async_sessionmaker[AsyncSession], vault: Vault,
        file_store: FileStore) -> None:
    start = dt.datetime(2021, 12, 1, 2, 0, tzinfo=dt.UTC)
    conversation = _conversation(sessions, vault, file_store)
    texts = await walk.play(conversation, "luoyang", file_store)
    receipt = re.search(r"[A-Z]{2}-\d{4}-\d{4}-[2-9A-HJ-NP-Z]{4}", "\n".join(texts))
    assert receipt is not None
    down = Down()
    conversation.gates[-1] = resume.gate(sessions, SECRET, lambda: down, lambda: start)
    await _say(conversation, "new-phone", "e1", receipt.group(0))
    for seconds in (10, 60, 300):
        moment = start + dt.timedelta(seconds=seconds)
        assert await code_delivery.deliver(sessions, down, lambda m=moment: m) == 1
    gone = start + resume.LIFETIME
    assert await code_delivery.deliver(sessions, down, lambda: gone) == 0
    async with sessions() as session:
        [job] = await session.scalars(select(ReminderJob).where(ReminderJob.kind == "code"))
        assert job.status == "expired" and job.params == {}
