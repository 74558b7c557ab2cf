"""Attacks 5 and 6 of issue 13 through the real page: one applicant's 300 `/send`, 200 new
identities from one address, a login flood, and applicant POSTs from another site. Every
refusal is 429 (or 403) with a Chinese message, and what was refused was not stored."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import func, select

from bot.app import create_app
from bot.config import Settings
from bot.db.models import ChannelIdentity
from bot.runtime import SESSIONS
from bot.security import rate_limits
from bot.security.rate_limits import MemoryLimiter
from tests.handlers.web.test_page import TODAY, Page, get
from tests.security.leaks import table_text

EVIL = {"Origin": "https://evil.example"}


def production_settings(tmp_path: Path, database_url: str | None = None) -> Settings:
    """The limits as shipped (the test suite's default multiplies them for walk tests)."""
    return Settings(data_dir=tmp_path, secret_key="test secret for the rate limits",
                    database_url=database_url or f"sqlite+aiosqlite:///{tmp_path / 'a.db'}",
                    rate_limit_factor=1.0)


@pytest.fixture(autouse=True)
def frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    """The limiters' clock stands still, so no window ends in the middle of a test on a slow
    machine (the windows themselves are tested below with a clock of their own)."""
    moment = time.time()
    monkeypatch.setattr(rate_limits, "time", SimpleNamespace(time=lambda: moment))


@pytest.fixture
async def page_client(tmp_path: Path) -> AsyncIterator[TestClient]:
    client = TestClient(TestServer(create_app(production_settings(tmp_path),
                                              clock=lambda: TODAY)))
    await client.start_server()
    try:
        yield client
    finally:
        await client.close()


async def send(client: TestClient, page: Page, text: str, **headers: str) -> tuple[int, str]:
    response = await client.post("/send", data={**page.fields(), "msg": uuid.uuid4().hex,
                                                "text": text},
                                 headers=headers, allow_redirects=False)
    return response.status, await response.text()


async def identities(client: TestClient) -> int:
    async with client.server.app[SESSIONS]() as session:
        return int(await session.scalar(select(func.count()).select_from(ChannelIdentity))
                   or 0)


async def test_three_hundred_sends_from_one_applicant_stop_at_the_limit(
        page_client: TestClient) -> None:
    page = await get(page_client)
    answers = [await send(page_client, page, f"第{n}条消息") for n in range(60)]
    statuses = [status for status, _ in answers]
    assert statuses[:rate_limits.SEND.hits] == [303] * rate_limits.SEND.hits
    assert set(statuses[rate_limits.SEND.hits:]) == {429}
    assert "请" in answers[-1][1] and "秒后再试" in answers[-1][1]
    stored = await table_text(page_client.server.app[SESSIONS])
    assert f"第{rate_limits.SEND.hits - 1}条消息" in stored
    assert f"第{rate_limits.SEND.hits}条消息" not in stored


async def test_two_hundred_new_identities_from_one_address_stop_at_the_limit(
        page_client: TestClient) -> None:
    statuses = []
    for _ in range(rate_limits.NEW_IDENTITY.hits + 10):
        page_client.session.cookie_jar.clear()
        statuses.append((await send(page_client, await get(page_client), "你好"))[0])
    assert statuses.count(303) == rate_limits.NEW_IDENTITY.hits
    assert statuses[-10:] == [429] * 10
    assert await identities(page_client) == rate_limits.NEW_IDENTITY.hits


async def test_a_login_flood_from_one_address_is_refused_before_any_password_work(
        page_client: TestClient) -> None:
    statuses = [(await page_client.post("/staff/login", data={"username": "x"})).status
                for _ in range(rate_limits.LOGIN.hits + 5)]
    assert set(statuses[:rate_limits.LOGIN.hits]) == {403}  # no CSRF token: refused anyway
    assert statuses[-5:] == [429] * 5


async def test_posts_from_another_site_are_refused_and_change_nothing(
        page_client: TestClient) -> None:
    page = await get(page_client)
    assert (await send(page_client, page, "你好"))[0] == 303
    before = await table_text(page_client.server.app[SESSIONS])
    assert (await send(page_client, page, "删除我的信息", **EVIL))[0] == 403
    form = aiohttp.FormData()
    form.add_field("file", b"x", filename="a.jpg", content_type="image/jpeg")
    upload = await page_client.post("/upload", data=form, headers=EVIL)
    assert upload.status == 403
    assert await table_text(page_client.server.app[SESSIONS]) == before
    own = str(page_client.make_url("/")).rstrip("/")
    assert (await send(page_client, page, "河南", Origin=own))[0] == 303


async def test_workers_on_postgresql_share_the_counts(tmp_path: Path, database_url: str,
                                                      backend: str) -> None:
    """Two server processes (two apps) on one database: an applicant switching workers
    gets no second allowance. SQLite runs a single process, whose memory holds the counts."""
    if backend != "postgresql":
        pytest.skip("SQLite serves from one process; its counts are in that process")
    apps = [create_app(production_settings(tmp_path / name, database_url),
                       clock=lambda: TODAY) for name in ("a", "b")]
    clients = [TestClient(TestServer(app)) for app in apps]
    for client in clients:
        await client.start_server()
    try:
        page = await get(clients[0])
        cookies = clients[0].session.cookie_jar.filter_cookies(clients[0].make_url("/"))
        clients[1].session.cookie_jar.update_cookies(cookies)
        half = rate_limits.SEND.hits // 2
        first = [await send(clients[0], page, f"a{n}") for n in range(half)]
        second = [await send(clients[1], page, f"b{n}") for n in range(half + 5)]
        assert {status for status, _ in first} == {303}
        assert [status for status, _ in second][-5:] == [429] * 5
    finally:
        for client in clients:
            await client.close()


async def test_a_window_refills_and_retry_after_says_when() -> None:
    now = [1_000_000.0]
    limiter = MemoryLimiter(clock=lambda: now[0])
    limit = rate_limits.Limit("t", 2, 60)
    assert [await limiter.hit(limit, "me") for _ in range(3)] == [0, 0, 20]  # 40 s in
    assert await limiter.hit(limit, "someone else") == 0
    now[0] += 20
    assert await limiter.hit(limit, "me") == 0
