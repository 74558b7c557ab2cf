"""WeChat's outbox sender (aiohttp, no thread) against the fake WeChat API failing as WeChat
fails: HTTP 500, -1 系统繁忙, a revoked token (40001), a token refused for good, 43004
unfollowed, 40003 bad OpenID, and 45015 outside the 48-hour window with and without a template
message to fall back on."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from wx_fakes import FakeWeChatApi

from bot.db import channel_store
from bot.outbox import DEAD, PENDING, SENT, Backoff, Envelope, OutboxWorker, enqueue, rows_for
from bot.outbox.store import Sessions
from fakes.wechat import SYSTEM_BUSY, TOKEN_EXPIRED
from handlers.wechat.api import TOKEN_FETCHES, WeChatApi
from handlers.wechat.delivery import WeChatDelivery

START = dt.datetime(2026, 12, 4, 2, 0, tzinfo=dt.UTC)
Outbox = tuple[OutboxWorker, FakeWeChatApi, "Clock", WeChatDelivery]


class Clock:
    def __init__(self) -> None:
        self.moment = START

    def __call__(self) -> dt.datetime:
        return self.moment

    def advance(self, seconds: float) -> None:
        self.moment += dt.timedelta(seconds=seconds)


@pytest.fixture
async def outbox(sessions: Sessions, wechat_api: tuple[FakeWeChatApi, str]
                 ) -> AsyncIterator[Outbox]:
    fake, base = wechat_api
    api = WeChatApi("wx-app", "secret", base, lambda: sessions)
    delivery = WeChatDelivery(api, lambda: sessions, per_second=10_000)
    clock = Clock()
    worker = OutboxWorker(lambda: sessions, [delivery], now=clock,
                          backoff=Backoff(base=2.0, cap=60.0))
    try:
        yield worker, fake, clock, delivery
    finally:
        await api.close()


async def _queue(sessions: Sessions, openid: str, *texts: str) -> None:
    async with sessions.begin() as session:
        for text in texts:
            await enqueue(session, Envelope("wechat", openid, "test", f"{openid}:{text}", text),
                          START)


async def _rows(sessions: Sessions) -> list[tuple[str, int, str | None, str | None]]:
    return [(row.status, row.attempts, row.reason, row.route)
            for row in await rows_for(sessions)]


@pytest.mark.parametrize("failure", [{"status": 500}, SYSTEM_BUSY], ids=["http-500", "busy"])
async def test_transient_failures_are_retried_until_wechat_accepts(
        sessions: Sessions, outbox: Outbox, failure: dict[str, object]) -> None:
    worker, fake, clock, _ = outbox
    fake.fail_next += [failure, failure]
    await _queue(sessions, "o-busy", "您好")
    await worker.drain()
    assert [row[:2] for row in await _rows(sessions)] == [(PENDING, 1)]
    assert fake.texts("o-busy") == []
    clock.advance(2)
    await worker.drain()
    clock.advance(4)
    await worker.drain()
    assert await _rows(sessions) == [(SENT, 3, None, "service")]
    assert fake.texts("o-busy") == ["您好"]


async def test_a_revoked_token_is_refreshed_once_and_the_send_repeated_once(
        sessions: Sessions, outbox: Outbox) -> None:
    worker, fake, _, _ = outbox
    await _queue(sessions, "o-a", "一")
    await worker.drain()
    fake.revoked.add("T1")
    fake.fail_next.append(TOKEN_EXPIRED)
    await _queue(sessions, "o-a", "二")
    await worker.drain()
    assert fake.texts("o-a") == ["一", "二"]
    assert fake.tokens_issued == 2
    assert [row[0] for row in await _rows(sessions)] == [SENT, SENT]


async def test_a_token_refused_for_good_costs_one_fetch_per_send_at_most(
        sessions: Sessions, outbox: Outbox) -> None:
    """wechatpy refetched without limit (485 fetches for one message): here each send refreshes
    at most once, and a token that itself replaced a refused one is not replaced again for two
    minutes, so 30 messages cost 2 fetches and are retried later, not lost."""
    worker, fake, clock, _ = outbox
    fake.reject_every_token = True
    before = TOKEN_FETCHES.labels("wechat")._value.get()
    for n in range(30):
        await _queue(sessions, f"o-r{n}", "您好")
    await worker.drain()
    assert TOKEN_FETCHES.labels("wechat")._value.get() - before == fake.tokens_issued == 2
    assert {row[0] for row in await _rows(sessions)} == {PENDING}
    fake.reject_every_token = False
    clock.advance(3600)
    for _ in range(3):
        await worker.drain()
        clock.advance(120)
    assert [fake.texts(f"o-r{n}") for n in range(30)] == [["您好"]] * 30
    assert {row[0] for row in await _rows(sessions)} == {SENT}


async def test_final_answers_dead_letter_with_the_reason(sessions: Sessions,
                                                          outbox: Outbox) -> None:
    worker, fake, _, _ = outbox
    fake.unfollowed.add("o-gone")
    fake.invalid_openids.add("not-an-openid")
    await _queue(sessions, "o-gone", "一")
    await _queue(sessions, "not-an-openid", "二")
    await worker.drain()
    assert sorted(await _rows(sessions)) == [
        (DEAD, 1, "bad_recipient: 40003 invalid openid", None),
        (DEAD, 1, "unsubscribed: 43004 require subscribe", None)]
    assert await channel_store.blocked_recipients(sessions, "wechat") == {"o-gone"}


async def test_outside_the_window_without_a_template_is_dead_with_the_reason(
        sessions: Sessions, outbox: Outbox) -> None:
    worker, fake, _, _ = outbox
    fake.outside_window.add("o-old")
    await _queue(sessions, "o-old", "您的材料已退回")
    await worker.drain()
    [(status, _, reason, _)] = await _rows(sessions)
    assert status == DEAD and reason is not None and reason.startswith("outside_window:")
    assert "no template message is configured" in reason
    assert fake.texts("o-old") == [] and fake.templates == []


async def test_outside_the_window_a_template_message_carries_it(
        sessions: Sessions, outbox: Outbox) -> None:
    worker, fake, _, delivery = outbox
    delivery.template_id = "TPL-1"
    fake.outside_window.add("o-old")
    await _queue(sessions, "o-old", "您的材料已退回")
    await worker.drain()
    assert await _rows(sessions) == [(SENT, 1, None, "template")]
    assert fake.templates == [{"touser": "o-old", "template_id": "TPL-1",
                               "data": {"content": {"value": "您的材料已退回"}}}]


async def test_a_long_message_goes_in_numbered_parts_within_the_limit(
        sessions: Sessions, outbox: Outbox) -> None:
    worker, fake, _, _ = outbox
    answer = "。".join(f"第{n}条意见：请补充材料原件扫描件" for n in range(200)) + "。"
    await _queue(sessions, "o-long", answer)
    await worker.drain()
    texts = fake.texts("o-long")
    assert len(texts) > 2 and all(len(text.encode()) <= 2048 for text in texts)
    assert [text.split(")", 1)[0] for text in texts] == [
        f"({n}/{len(texts)}" for n in range(1, len(texts) + 1)]
    assert await _rows(sessions) == [(SENT, 1, None, "service")]
