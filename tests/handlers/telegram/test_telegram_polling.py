"""Long polling: polled updates go through the same durable inbox as the webhook's."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select
from test_telegram_webhook import CHAT, text_update
from tg_fakes import TOKEN, FakeBotApi

from bot.app import create_app
from bot.config import Settings
from bot.db import channel_store
from bot.db.channels import TelegramInbox
from bot.db.models import ProcessedInbound
from bot.runtime import PROBLEMS, SESSIONS
from handlers.telegram import CHANNEL


@pytest.fixture
async def polling_app(tmp_path: Path, bot_api: tuple[FakeBotApi, str]
                      ) -> AsyncIterator[tuple[FakeBotApi, web.Application]]:
    fake, base = bot_api
    settings = Settings(data_dir=tmp_path, secret_key="test secret for telegram polling",
                        database_url=f"sqlite+aiosqlite:///{tmp_path / 'awardbot.db'}",
                        telegram_token=TOKEN, telegram_mode="polling", telegram_api_base=base)
    app = create_app(settings, clock=lambda: dt.date(2024, 1, 3))
    app[CHANNEL].pacer = app[CHANNEL].make_pacer(per_second=10_000, per_chat_interval=0)
    client = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    try:
        yield fake, app
    finally:
        await client.close()


async def _until(condition: Callable[[], bool]) -> None:
    for _ in range(400):
        if condition():
            return
        await asyncio.sleep(0.025)
    raise AssertionError("the condition never held")


def _offsets(fake: FakeBotApi) -> list[int]:
    return [int(data.get("offset") or 0) for method, data in fake.calls
            if method == "getUpdates"]


async def test_a_polled_update_is_answered_and_left_in_the_inbox_as_done(
        polling_app: tuple[FakeBotApi, web.Application]) -> None:
    fake, app = polling_app
    fake.updates.append(text_update("/start", update_id=701))
    await _until(lambda: bool(fake.sent(CHAT)) and 702 in _offsets(fake))
    await app[CHANNEL].settle()
    assert any("个人信息" in data["text"] for data in fake.sent(CHAT))
    async with app[SESSIONS]() as session:
        row = await session.get(TelegramInbox, 701)
    assert row is not None and (row.status, row.attempts) == ("done", 1)


async def test_an_update_polled_again_after_it_was_stored_is_not_processed_twice(
        polling_app: tuple[FakeBotApi, web.Application]) -> None:
    fake, app = polling_app
    update = text_update("/start", update_id=711)
    await channel_store.store_update(app[SESSIONS], 711, update)
    await channel_store.finish_update(app[SESSIONS], 711, "done")
    fake.updates.append(update)
    fake.updates.append(text_update("/menu", update_id=712))
    await _until(lambda: 713 in _offsets(fake))
    await app[CHANNEL].settle()
    async with app[SESSIONS]() as session:
        stored = (await session.scalars(select(TelegramInbox.update_id)
                                        .order_by(TelegramInbox.update_id))).all()
        turns = (await session.scalars(select(ProcessedInbound.message_key))).all()
    assert stored == [711, 712]
    assert turns == [f"{CHAT}:712"]


@contextlib.asynccontextmanager
async def polling_client(tmp_path: Path, base: str) -> AsyncIterator[TestClient]:
    settings = Settings(data_dir=tmp_path, secret_key="test secret for telegram polling",
                        database_url=f"sqlite+aiosqlite:///{tmp_path / 'awardbot.db'}",
                        telegram_token=TOKEN, telegram_mode="polling", telegram_api_base=base)
    client = TestClient(TestServer(create_app(settings, clock=lambda: dt.date(2024, 1, 3)),
                                   host="127.0.0.1"))
    await client.start_server()
    try:
        yield client
    finally:
        await client.close()


async def test_polling_deletes_a_left_over_webhook_before_getupdates(
        tmp_path: Path, bot_api: tuple[FakeBotApi, str]) -> None:
    fake, base = bot_api
    fake.webhook_url = "https://old.example/telegram/webhook"
    fake.updates.append(text_update("/start", update_id=801))
    async with polling_client(tmp_path, base) as client:
        await _until(lambda: bool(fake.sent(CHAT)))
        methods = [method for method, _ in fake.calls if method in (
            "deleteWebhook", "getUpdates")]
        assert methods[0] == "deleteWebhook" and "getUpdates" in methods
        assert (await client.get("/healthz")).status == 200


async def test_a_409_conflict_makes_healthz_fail_until_polling_works_again(
        tmp_path: Path, bot_api: tuple[FakeBotApi, str]) -> None:
    fake, base = bot_api
    fake.other_poller = True
    async with polling_client(tmp_path, base) as client:
        problems = client.app[PROBLEMS]
        await _until(lambda: "telegram" in problems)
        response = await client.get("/healthz")
        assert response.status == 503
        assert "409" in (await response.json())["channels"]["telegram"]
        fake.other_poller = False
        await _until(lambda: "telegram" not in problems)
        assert (await client.get("/healthz")).status == 200
