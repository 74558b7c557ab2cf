"""The access token is shared through the database: fetched once, replaced once when revoked."""

from __future__ import annotations

import asyncio

from aiohttp import web
from aiohttp.test_utils import TestClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine
from wx_fakes import FakeWeChatApi, settle

from bot.db.channel_store import Sessions, shared_token
from bot.db.channels import AccessToken
from bot.db.session import create_engine, create_sessionmaker
from bot.runtime import SESSIONS
from handlers.wechat import ENDPOINT
from handlers.wechat.sender import ApiClient
from handlers.wechat.token import SharedToken

Client = tuple[TestClient, FakeWeChatApi, web.Application]


async def test_many_sends_use_one_stored_token(wechat: Client) -> None:
    _, fake, app = wechat
    for n in range(5):
        app[ENDPOINT].sender.enqueue(f"o-{n}", ["您好"])
    await settle(app)
    assert (fake.tokens_issued, len(fake.messages)) == (1, 5)
    async with app[SESSIONS]() as session:
        tokens = (await session.scalars(select(AccessToken.token))).all()
    assert tokens == ["T1"]


async def test_a_revoked_token_is_replaced_once_and_the_message_still_goes_out(
        wechat: Client) -> None:
    _, fake, app = wechat
    app[ENDPOINT].sender.enqueue("o-a", ["第一条"])
    await settle(app)
    fake.revoked.add("T1")
    app[ENDPOINT].sender.enqueue("o-a", ["第二条"])
    await settle(app)
    assert fake.texts("o-a") == ["第一条", "第二条"]
    assert fake.tokens_issued == 2


async def test_concurrent_refreshes_fetch_one_token(sessions: Sessions) -> None:
    fetches = 0

    async def fetch() -> tuple[str, int]:
        nonlocal fetches
        fetches += 1
        await asyncio.sleep(0.05)
        return f"T{fetches}", 7200

    tokens = await asyncio.gather(*(shared_token(sessions, "wechat:x", fetch)
                                    for _ in range(5)))
    assert (fetches, set(tokens)) == (1, {"T1"})
    again = await asyncio.gather(*(shared_token(sessions, "wechat:x", fetch, rejected="T1")
                                   for _ in range(3)))
    assert (fetches, set(again)) == (2, {"T2"})


async def test_refreshers_in_several_processes_make_one_token_request(
        engine: AsyncEngine, database_url: str,
        wechat_api: tuple[FakeWeChatApi, str]) -> None:
    """Three "processes" (each its own engine, connection pool and wechatpy client) with four
    refreshers each, against the fake WeChat API: one token request on the empty row, one
    more when WeChat rejects that token, on SQLite and PostgreSQL alike."""
    fake, base = wechat_api
    loop = asyncio.get_running_loop()
    engines = [create_engine(database_url) for _ in range(3)]
    try:
        shared = [SharedToken(ApiClient("wx-app", "secret", base),
                              lambda e=e: create_sessionmaker(e), loop)
                  for e in engines]
        first = await asyncio.gather(*(s.current() for s in shared for _ in range(4)))
        assert (fake.tokens_issued, set(first)) == (1, {"T1"})
        second = await asyncio.gather(*(s.current(rejected="T1") for s in shared
                                        for _ in range(4)))
        assert (fake.tokens_issued, set(second)) == (2, {"T2"})
    finally:
        for each in engines:
            await each.dispose()
