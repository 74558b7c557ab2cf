"""A first visit stores nothing; the first answer stores the welcome and itself, in order.

WeChat fetches every shared link for its preview, and crawlers follow links: neither may leave
an applicant behind.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import func, select

from bot.db.models import Applicant
from bot.runtime import SESSIONS
from bot.transcript import load_transcript
from handlers.web.cookies import COOKIE_NAME
from tests.handlers.web.test_page import Page, get, post, start


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[TestClient]:
    client = await start(tmp_path)
    try:
        yield client
    finally:
        await client.close()


async def _applicants(client: TestClient) -> int:
    async with client.app[SESSIONS]() as session:
        return int(await session.scalar(select(func.count()).select_from(Applicant)) or 0)


async def test_previews_and_crawlers_leave_no_applicant_behind(client: TestClient) -> None:
    for _ in range(3):
        client.session.cookie_jar.clear()
        page = await get(client)
        assert "评优申报助手" in page.body and page.opening
    assert await _applicants(client) == 0


async def test_a_reload_before_answering_still_stores_nothing(client: TestClient) -> None:
    await get(client)
    again = await get(client)
    assert again.opening and "agree" in again.choices
    assert await _applicants(client) == 0


async def test_the_first_answer_keeps_the_welcome_before_it(client: TestClient) -> None:
    page = await post(client, await get(client), choice="agree")
    assert not page.opening
    assert await _applicants(client) == 1
    token = client.session.cookie_jar.filter_cookies(client.make_url("/"))[COOKIE_NAME]
    async with client.app[SESSIONS]() as session:
        entries = await load_transcript(session, "web", token.value.split(".")[0])
    assert entries[0].said == "" and "评优申报助手" in entries[0].reply[0].text
    assert len(entries) == 2


async def test_a_double_tap_on_the_welcome_is_one_answer(client: TestClient) -> None:
    welcome = await get(client)
    await post(client, welcome, choice="agree")
    page = await post(client, welcome, choice="agree")
    assert isinstance(page, Page)
    assert await _applicants(client) == 1
    token = client.session.cookie_jar.filter_cookies(client.make_url("/"))[COOKIE_NAME]
    async with client.app[SESSIONS]() as session:
        assert len(await load_transcript(session, "web", token.value.split(".")[0])) == 2
