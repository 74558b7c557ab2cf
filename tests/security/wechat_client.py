"""The real app with WeChat in 安全模式 on a chosen database, and the posts an attacker makes."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from aiohttp.test_utils import TestClient, TestServer

from bot.app import create_app
from bot.config import Settings
from fakes.wechat import AES_KEY, APP_ID, TOKEN, FakeWeChatApi, encrypted, reply_content
from handlers.wechat import ENDPOINT
from tests.handlers.fake_server import on_loopback


@contextlib.asynccontextmanager
async def wechat_app(data_dir: Path, database_url: str, **extra: Any
                     ) -> AsyncIterator[tuple[TestClient, FakeWeChatApi]]:
    """One server process's app in safe mode, its customer-service API faked on loopback."""
    fake = FakeWeChatApi()
    async with on_loopback(fake.app()) as base:
        settings = Settings(data_dir=data_dir, secret_key="test secret for wechat attacks",
                            database_url=database_url, wechat_token=TOKEN, wechat_app_id=APP_ID,
                            wechat_app_secret="s3cret", wechat_api_base=base,
                            wechat_aes_key=AES_KEY, **extra)
        client = TestClient(TestServer(create_app(settings), host="127.0.0.1"))
        await client.start_server()
        try:
            yield client, fake
        finally:
            await client.close()


async def say(client: TestClient, xml: str) -> str:
    """What WeChat itself would post for `xml`: encrypted, signed, fresh; the reply's text."""
    query, body = encrypted(xml)
    response = await client.post("/wechat", params=query, data=body.encode())
    assert response.status == 200, await response.text()
    text = reply_content(await response.text(), AES_KEY, query)
    await client.server.app[ENDPOINT].settle()
    return text
