"""Telegram's outbox sender with the real aiogram Bot against the fake Bot API failing as the
Bot API fails: 5xx, a proxy's HTML 502, a stalled request, 429 with `retry_after`, and 403
blocked. Every message is delivered once the platform recovers or is dead-lettered with its
reason, and none is marked sent before Telegram accepted it."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from tg_fakes import FakeBotApi

from bot.db import channel_store
from bot.outbox import DEAD, PENDING, SENT, Backoff, Envelope, OutboxWorker, enqueue, rows_for
from bot.outbox.store import Sessions
from fakes.bot_api import BAD_GATEWAY, BLOCKED, TOKEN, server_error, stalled, too_many_requests
from handlers.telegram.channel import make_bot
from handlers.telegram.sender import TelegramSender

START = dt.datetime(2026, 12, 4, 2, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self) -> None:
        self.moment = START

    def __call__(self) -> dt.datetime:
        return self.moment

    def advance(self, seconds: float) -> None:
        self.moment += dt.timedelta(seconds=seconds)


@pytest.fixture
async def outbox(sessions: Sessions, bot_api: tuple[FakeBotApi, str]
                 ) -> AsyncIterator[tuple[OutboxWorker, FakeBotApi, Clock]]:
    fake, base = bot_api
    bot = make_bot(TOKEN, base)
    clock = Clock()
    sender = TelegramSender(bot, lambda: sessions, per_second=10_000, per_chat_interval=0)
    worker = OutboxWorker(lambda: sessions, [sender], now=clock, timeout=0.5,
                          backoff=Backoff(base=2.0, cap=60.0))
    try:
        yield worker, fake, clock
    finally:
        await bot.session.close()


async def _queue(sessions: Sessions, chat: int, *texts: str) -> None:
    async with sessions.begin() as session:
        for text in texts:
            await enqueue(session, Envelope("telegram", str(chat), "test", f"{chat}:{text}",
                                            text, (("不再提醒", "remind:off"),)), START)


async def _rows(sessions: Sessions) -> list[tuple[str, int, str | None]]:
    return [(row.status, row.attempts, row.reason) for row in await rows_for(sessions)]


@pytest.mark.parametrize("failure", [server_error(500), server_error(502), BAD_GATEWAY,
                                     stalled(1.0)], ids=["500", "502", "html-502", "stalled"])
async def test_a_failing_bot_api_is_retried_until_it_accepts(
        sessions: Sessions, outbox: tuple[OutboxWorker, FakeBotApi, Clock],
        failure: dict[str, object]) -> None:
    worker, fake, clock = outbox
    fake.fail_next += [failure, failure]
    await _queue(sessions, 7001, "截止提醒")
    await worker.drain()
    [(status, attempts, reason)] = await _rows(sessions)
    assert (status, attempts, fake.sent(7001)) == (PENDING, 1, [])
    assert reason
    clock.advance(2)
    await worker.drain()
    assert [row[:2] for row in await _rows(sessions)] == [(PENDING, 2)]
    clock.advance(4)
    await worker.drain()
    assert await _rows(sessions) == [(SENT, 3, None)]
    [sent] = fake.sent(7001)
    assert sent["text"] == "截止提醒" and "remind:off" in sent["reply_markup"]


async def test_429_waits_the_retry_after_and_keeps_the_chats_order(
        sessions: Sessions, outbox: tuple[OutboxWorker, FakeBotApi, Clock]) -> None:
    worker, fake, clock = outbox
    fake.fail_next.append(too_many_requests(17))
    await _queue(sessions, 7002, "第一条", "第二条")
    await worker.drain()
    assert fake.sent(7002) == []
    clock.advance(16)
    await worker.drain()
    assert fake.sent(7002) == []
    clock.advance(1)
    await worker.drain()
    assert [m["text"] for m in fake.sent(7002)] == ["第一条", "第二条"]
    assert [row[0] for row in await _rows(sessions)] == [SENT, SENT]


async def test_a_blocked_bot_dead_letters_with_the_reason_and_remembers_the_chat(
        sessions: Sessions, outbox: tuple[OutboxWorker, FakeBotApi, Clock]) -> None:
    worker, fake, clock = outbox
    fake.fail_next.append(BLOCKED)
    await _queue(sessions, 7003, "提醒")
    await worker.drain()
    clock.advance(3600)
    await worker.drain()
    assert await _rows(sessions) == [
        (DEAD, 1, "blocked: Forbidden: bot was blocked by the user")]
    assert fake.sent(7003) == []
    assert await channel_store.blocked_recipients(sessions, "telegram") == {"7003"}



async def test_a_long_message_goes_in_parts_and_a_retry_resends_only_what_was_refused(
        sessions: Sessions, outbox: tuple[OutboxWorker, FakeBotApi, Clock]) -> None:
    worker, fake, clock = outbox
    answer = "。".join(f"第{n}句：这是工作人员的详细答复" for n in range(900)) + "。"
    await _queue(sessions, 7004, answer)
    fake.accept_before_failing = 1
    fake.fail_next.append(server_error(502))
    await worker.drain()
    [first] = [m["text"] for m in fake.sent(7004)]
    assert [row[0] for row in await _rows(sessions)] == [PENDING]
    clock.advance(2)
    await worker.drain()
    texts = [m["text"] for m in fake.sent(7004)]
    assert texts[0] == first and first.startswith(f"(1/{len(texts)})")
    assert [text.split(")", 1)[0] for text in texts] == [
        f"({n}/{len(texts)}" for n in range(1, len(texts) + 1)], "no part twice, none lost"
    assert all(len(text) <= 4096 for text in texts) and len(texts) > 2
    assert "remind:off" in fake.sent(7004)[-1]["reply_markup"]
    assert not fake.sent(7004)[0].get("reply_markup")
    assert [row[0] for row in await _rows(sessions)] == [SENT]
