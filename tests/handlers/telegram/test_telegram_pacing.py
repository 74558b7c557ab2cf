"""Rate limits with the real aiogram Bot: a 429 retry_after from the fake Bot API server."""

from __future__ import annotations

import asyncio

from aiohttp import web
from aiohttp.test_utils import TestClient
from sqlalchemy import select
from tg_fakes import FakeBotApi

from bot.db.channels import BlockedRecipient, OutboundMessage
from bot.runtime import SESSIONS
from handlers.telegram import CHANNEL
from handlers.telegram.render import Outgoing

RETRY = {"error_code": 429, "description": "Too Many Requests: retry after 2",
         "parameters": {"retry_after": 2}}
BLOCKED = {"error_code": 403, "description": "Forbidden: bot was blocked by the user"}


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)


async def test_a_429_with_retry_after_2_delays_that_chat_by_2_s_and_loses_nothing(
        telegram_app: tuple[TestClient, FakeBotApi, web.Application]) -> None:
    _, fake, app = telegram_app
    channel = app[CHANNEL]
    time = FakeTime()
    channel.pacer = channel.make_pacer(clock=time.clock, sleep=time.sleep)
    fake.fail_next.append(RETRY)
    records = [channel.pacer.submit("501", Outgoing(f"第{n}条")) for n in range(3)]
    await channel.pacer.join()
    assert [data["text"] for data in fake.sent(501)] == ["第0条", "第1条", "第2条"]
    assert [r.status for r in records] == ["sent"] * 3
    assert records[0].sent_at == 102.0
    assert [r.sent_at for r in records] == [102.0, 103.0, 104.0]
    async with app[SESSIONS]() as session:
        rows = (await session.scalars(select(OutboundMessage))).all()
    assert [(r.recipient, r.status) for r in rows] == [("501", "sent")] * 3


async def test_a_user_who_blocked_the_bot_is_remembered_and_not_sent_to(
        telegram_app: tuple[TestClient, FakeBotApi, web.Application]) -> None:
    _, fake, app = telegram_app
    channel = app[CHANNEL]
    fake.fail_next.append(BLOCKED)
    first = channel.pacer.submit("502", Outgoing("你好"))
    await channel.pacer.join()
    second = channel.pacer.submit("502", Outgoing("还在吗"))
    await channel.pacer.join()
    assert (first.status, second.status) == ("blocked", "blocked")
    assert fake.sent(502) == []
    async with app[SESSIONS]() as session:
        blocked = (await session.scalars(select(BlockedRecipient.recipient))).all()
    assert blocked == ["502"]
