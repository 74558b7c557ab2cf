"""Fixtures for the telegram tests (the fakes and helpers live in tg_fakes)."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from tg_fakes import SECRET, TOKEN, FakeBotApi

from bot.app import create_app
from bot.config import Settings
from handlers.telegram import CHANNEL
from tests.handlers.fake_server import on_loopback


@pytest.fixture
async def bot_api() -> AsyncIterator[tuple[FakeBotApi, str]]:
    fake = FakeBotApi()
    async with on_loopback(fake.app()) as base:
        yield fake, base


@pytest.fixture
def telegram_today() -> dt.date:
    """The day the app runs on; a module whose walk needs an open round overrides it."""
    return dt.date(2024, 1, 3)


@pytest.fixture
async def telegram_app(tmp_path: Path, bot_api: tuple[FakeBotApi, str],
                       storage_settings: dict[str, Any], telegram_today: dt.date
                       ) -> AsyncIterator[tuple[TestClient, FakeBotApi, web.Application]]:
    fake, base = bot_api
    settings = Settings(data_dir=tmp_path, secret_key="test secret for telegram tests",
                        database_url=f"sqlite+aiosqlite:///{tmp_path / 'awardbot.db'}",
                        telegram_token=TOKEN, telegram_webhook_secret=SECRET,
                        telegram_api_base=base, **storage_settings)
    app = create_app(settings, clock=lambda: telegram_today)
    channel = app[CHANNEL]
    channel.pacer = channel.make_pacer(per_second=10_000, per_chat_interval=0)
    client = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    try:
        yield client, fake, app
    finally:
        await client.close()
