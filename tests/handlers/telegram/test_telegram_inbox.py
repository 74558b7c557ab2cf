"""The durable inbox: stored before the answer, processed once, resumed after a stop."""

from __future__ import annotations

from aiogram.types import Update
from aiohttp import web
from aiohttp.test_utils import TestClient
from sqlalchemy import select
from test_telegram_webhook import CHAT, post, text_update
from tg_fakes import SECRET, FakeBotApi

from bot.db import channel_store
from bot.db.channels import TelegramInbox
from bot.runtime import CONVERSATION, SESSIONS
from handlers.telegram import CHANNEL
from handlers.telegram.inbound import from_message


async def test_an_answered_update_is_in_the_inbox_as_done(
        telegram_app: tuple[TestClient, FakeBotApi, web.Application]) -> None:
    client, _, app = telegram_app
    await post(client, app, text_update("/start", update_id=501))
    async with app[SESSIONS]() as session:
        row = await session.get(TelegramInbox, 501)
    assert row is not None and (row.status, row.attempts) == ("done", 1)


async def test_an_update_left_unfinished_by_a_stop_is_processed_on_resume_once(
        telegram_app: tuple[TestClient, FakeBotApi, web.Application]) -> None:
    _, fake, app = telegram_app
    update = text_update("/start", update_id=502)
    await channel_store.store_update(app[SESSIONS], 502, update)
    channel = app[CHANNEL]
    await channel.resume()
    await channel.resume()
    await channel.settle()
    assert len(fake.sent(CHAT)) >= 1
    sent = len(fake.sent(CHAT))
    await channel.resume()
    await channel.settle()
    assert len(fake.sent(CHAT)) == sent


async def test_an_update_that_keeps_failing_is_given_up_after_three_attempts(
        telegram_app: tuple[TestClient, FakeBotApi, web.Application]) -> None:
    _, _, app = telegram_app
    sessions = app[SESSIONS]
    await channel_store.store_update(sessions, 503, {"update_id": 503})
    claims = [await channel_store.claim_update(sessions, 503) for _ in range(4)]
    assert claims == [True, True, False, False]
    async with sessions() as session:
        pending = (await session.scalars(select(TelegramInbox.update_id)
                                         .where(TelegramInbox.status == "received"))).all()
    assert 503 in pending
    assert await channel_store.unfinished_updates(sessions) == []


async def test_a_reply_lost_with_a_stopped_process_is_sent_on_resume(
        telegram_app: tuple[TestClient, FakeBotApi, web.Application]) -> None:
    """The turn committed, then the process died with the reply still in the pacer."""
    _, fake, app = telegram_app
    update = text_update("/start", update_id=504)
    await channel_store.store_update(app[SESSIONS], 504, update)
    parsed = Update.model_validate(update)
    assert parsed.message is not None
    result = await app[CONVERSATION].handle(from_message(504, parsed.message))
    assert result.outbound and not fake.sent(CHAT)
    await app[CHANNEL].resume()
    await app[CHANNEL].settle()
    assert len(fake.sent(CHAT)) >= 1
    async with app[SESSIONS]() as session:
        row = await session.get(TelegramInbox, 504)
    assert row is not None and row.status == "done"


async def test_a_redelivered_update_left_by_a_dead_worker_is_processed_at_once(
        telegram_app: tuple[TestClient, FakeBotApi, web.Application]) -> None:
    """Worker A stored the update and died before answering; Telegram redelivers it to B."""
    client, fake, app = telegram_app
    update = text_update("/start", update_id=505)
    await channel_store.store_update(app[SESSIONS], 505, update)
    await post(client, app, update)
    await app[CHANNEL].settle()
    assert len(fake.sent(CHAT)) >= 1
    async with app[SESSIONS]() as session:
        row = await session.get(TelegramInbox, 505)
    assert row is not None and row.status == "done"
    answered = len(fake.sent(CHAT))
    await post(client, app, update)
    await app[CHANNEL].settle()
    assert len(fake.sent(CHAT)) == answered


async def test_an_update_stays_unfinished_until_its_reply_has_left(
        telegram_app: tuple[TestClient, FakeBotApi, web.Application]) -> None:
    """So a process killed with the reply still queued leaves it for the next one to resend."""
    client, fake, app = telegram_app
    fake.fail_next.append({"error_code": 429, "description": "Too Many Requests",
                           "parameters": {"retry_after": 1}})
    response = await client.post("/telegram/webhook", json=text_update("/start", update_id=506),
                                 headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
    assert response.status == 200
    async with app[SESSIONS]() as session:
        row = await session.get(TelegramInbox, 506)
    assert row is not None and row.status == "received"
    await app[CHANNEL].settle()
    async with app[SESSIONS]() as session:
        row = await session.get(TelegramInbox, 506)
    assert row is not None and row.status == "done"
    assert len(fake.sent(CHAT)) >= 1


async def test_a_finished_update_keeps_no_text_of_the_message(
        telegram_app: tuple[TestClient, FakeBotApi, web.Application]) -> None:
    client, _, app = telegram_app
    await post(client, app, text_update("/start", update_id=511))
    await post(client, app, text_update("410311199005011239", update_id=512))
    await app[CHANNEL].settle()
    async with app[SESSIONS]() as session:
        rows = (await session.execute(select(TelegramInbox.status, TelegramInbox.payload)
                                      .where(TelegramInbox.update_id.in_([511, 512])))).all()
    assert [tuple(row) for row in rows] == [("done", {}), ("done", {})]
