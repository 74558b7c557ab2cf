"""Attack 9 of issue 13 (a full disk) through the real page: SQLite itself runs out of pages.
`/send` answers 503 with a polite Chinese page, the refused answer is not half-written, and
`/healthz` says `degraded` meanwhile."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import event, text

from bot.app import create_app
from bot.runtime import ENGINE, SESSIONS
from bot.security.disk import DISK
from tests.handlers.web.test_page import TODAY, Page, get, settings_for
from tests.security.leaks import table_text


@pytest.fixture
async def page_client(tmp_path: Path) -> AsyncIterator[TestClient]:
    client = TestClient(TestServer(create_app(settings_for(tmp_path), clock=lambda: TODAY)))
    await client.start_server()
    try:
        yield client
    finally:
        await client.close()


async def send(client: TestClient, page: Page, typed: str) -> tuple[int, str]:
    response = await client.post("/send", allow_redirects=False, data={
        **page.fields(), "msg": uuid.uuid4().hex, "text": typed})
    return response.status, await response.text()


async def fill_the_disk(client: TestClient) -> None:
    """Every connection may use no more pages than the file has now: SQLite's own
    "database or disk is full" on the next write that needs a page."""
    engine = client.server.app[ENGINE]
    async with engine.connect() as connection:
        pages = (await connection.execute(text("PRAGMA page_count"))).scalar_one()

    def cap(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(engine.sync_engine, "connect", cap)
    await engine.dispose()


async def test_a_full_disk_is_a_polite_503_and_health_says_degraded(
        page_client: TestClient) -> None:
    page = await get(page_client)
    assert (await send(page_client, page, "你好"))[0] == 303
    await fill_the_disk(page_client)
    long_answer = "我的经历" + "很长的一段话" * 3000
    status, body = await send(page_client, page, long_answer)
    assert status == 503 and "存储空间暂时不足" in body and "没有丢失" in body
    health = await page_client.get("/healthz")
    assert health.status == 503 and (await health.json())["status"] == "degraded"
    assert "很长的一段话很长的一段话" not in await table_text(page_client.server.app[SESSIONS])
    page_client.server.app[DISK].full_at = None
    assert (await page_client.get("/healthz")).status == 200
