"""A worker stopped for a rolling restart sends the customer-service messages it had queued
before it exits, instead of dropping the rest of an answer."""

from __future__ import annotations

from aiohttp import web
from aiohttp.test_utils import TestClient
from wx_fakes import FakeWeChatApi

from handlers.wechat import ENDPOINT


async def test_a_stopping_worker_sends_the_queued_messages(
        wechat: tuple[TestClient, FakeWeChatApi, web.Application]) -> None:
    client, fake, app = wechat
    app[ENDPOINT].sender.enqueue("openid-stop", ["第一段", "第二段", "第三段"])
    await client.close()
    assert fake.texts("openid-stop") == ["第一段", "第二段", "第三段"]
