"""Fixtures for the wechat tests (the fakes and helpers live in wx_fakes)."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from wx_fakes import AES_KEY, OLD_AES_KEY, FakeWeChatApi, wechat_settings

from bot.app import create_app
from tests.handlers.fake_server import on_loopback


@pytest.fixture
async def wechat_api() -> AsyncIterator[tuple[FakeWeChatApi, str]]:
    fake = FakeWeChatApi()
    async with on_loopback(fake.app()) as base:
        yield fake, base


Served = tuple[TestClient, FakeWeChatApi, web.Application]


@contextlib.asynccontextmanager
async def _served(tmp_path: Path, wechat_api: tuple[FakeWeChatApi, str],
                  today: dt.date = dt.date(2024, 1, 3), **settings: Any
                  ) -> AsyncIterator[Served]:
    fake, base = wechat_api
    app = create_app(wechat_settings(tmp_path, base, wechat_aes_key=AES_KEY,
                                     wechat_aes_key_previous=OLD_AES_KEY, **settings),
                     clock=lambda: today)
    client = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    try:
        yield client, fake, app
    finally:
        await client.close()


@pytest.fixture
def wechat_today() -> dt.date:
    """The day the app runs on; a module whose walk needs an open round overrides it."""
    return dt.date(2024, 1, 3)


@pytest.fixture
async def wechat(tmp_path: Path, wechat_api: tuple[FakeWeChatApi, str],
                 storage_settings: dict[str, Any], wechat_today: dt.date
                 ) -> AsyncIterator[Served]:
    async with _served(tmp_path, wechat_api, wechat_today, **storage_settings) as served:
        yield served


@pytest.fixture
async def wechat_with_template(tmp_path: Path, wechat_api: tuple[FakeWeChatApi, str]
                               ) -> AsyncIterator[Served]:
    """The app with a template message configured for reaching people after 48 hours."""
    async with _served(tmp_path, wechat_api, wechat_template_id="TPL-9") as served:
        yield served
