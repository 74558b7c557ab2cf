"""The phone web page through aiohttp's test client: forms, cookie, dedupe, restart, deletion."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import func, select

from bot.app import create_app
from bot.config import Settings
from bot.db.models import Applicant, ChannelIdentity
from bot.runtime import SESSIONS
from bot.transcript import append_turn, load_transcript
from dialogs.types import Text, outbound_to_dict
from handlers.web.cookies import COOKIE_NAME
from tests.handlers.web.forms import hidden_fields

TODAY = dt.date(2024, 1, 3)


def settings_for(tmp_path: Path, **extra: Any) -> Settings:
    return Settings(data_dir=tmp_path, secret_key="test secret for the web page tests",
                    database_url=f"sqlite+aiosqlite:///{tmp_path / 'awardbot.db'}", **extra)


async def start(tmp_path: Path) -> TestClient:
    client = TestClient(TestServer(create_app(settings_for(tmp_path), clock=lambda: TODAY)))
    await client.start_server()
    return client


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[TestClient]:
    client = await start(tmp_path)
    try:
        yield client
    finally:
        await client.close()


class Page:
    """The parts of a rendered page the tests act on."""

    def __init__(self, body: str) -> None:
        self.body = html.unescape(body)
        self.message_id = re.findall(r'name="msg" value="([0-9a-f]+)"', body)[0]
        self.hidden = hidden_fields(body)
        self.opening = self.hidden.get("opening") == "1"
        self.choices = re.findall(r'name="choice" value="([^"]+)"', body)

    def fields(self) -> dict[str, str]:
        """The hidden fields a browser sends with the page's text or option form."""
        return {**self.hidden, "msg": self.message_id}


async def get(client: TestClient) -> Page:
    response = await client.get("/")
    assert response.status == 200
    return Page(await response.text())


async def post(client: TestClient, page: Page, **form: str) -> Page:
    response = await client.post("/send", data={**page.fields(), **form})
    assert response.status == 200
    return Page(await response.text())


async def to_county(client: TestClient) -> Page:
    page = await post(client, await get(client), choice="agree")
    for place in ("河南", "洛阳", "洛龙"):
        page = await post(client, page, text=place)
    return page


async def test_first_visit_sets_a_signed_httponly_cookie_and_shows_the_welcome(
        client: TestClient) -> None:
    response = await client.get("/")
    cookie = response.cookies[COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert "." in cookie.value
    page = Page(await response.text())
    assert "评优申报助手" in page.body and "agree" in page.choices
    assert '<meta name="viewport"' in page.body and "<script src" not in page.body


async def test_healthz_reports_the_database(client: TestClient) -> None:
    response = await client.get("/healthz")
    assert response.status == 200
    assert (await response.json())["database"] == "ok"


async def test_a_web_screening_goes_from_welcome_to_a_result(client: TestClient) -> None:
    page = await to_county(client)
    assert "身份证" in page.body
    for _ in range(40):
        if "结果出来了" in page.body:
            break
        choice = "unknown" if "unknown" in page.choices else \
            next(c for c in page.choices if c != "back")
        page = await post(client, page, choice=choice)
    assert "结果出来了" in page.body
    assert "洛阳市“技能创业之星”" in page.body


async def test_a_double_submit_of_one_form_is_processed_once(client: TestClient) -> None:
    page = await get(client)
    await post(client, page, choice="agree")
    twice = await post(client, page, choice="agree")
    assert twice.body.count("谢谢您的信任") == 1


async def test_a_forged_cookie_is_ignored_and_replaced(client: TestClient) -> None:
    client.session.cookie_jar.update_cookies({COOKIE_NAME: "abc123.0000"})
    response = await client.get("/")
    assert response.cookies[COOKIE_NAME].value != "abc123.0000"
    rejected = await client.post("/send", data={"msg": "x", "text": "hi"},
                                 cookies={COOKIE_NAME: "abc123.0000"}, allow_redirects=False)
    assert rejected.status == 303


async def test_a_restarted_server_on_the_same_database_continues_at_the_same_question(
        tmp_path: Path) -> None:
    first = await start(tmp_path)
    try:
        await to_county(first)
        cookie = first.session.cookie_jar.filter_cookies(first.make_url("/"))[COOKIE_NAME].value
    finally:
        await first.close()
    second = await start(tmp_path)
    try:
        second.session.cookie_jar.update_cookies({COOKIE_NAME: cookie})
        page = await get(second)
        assert page.body.count("您好！我是") == 1
        assert "skip_id" in page.choices and "洛龙区" in page.body
    finally:
        await second.close()


async def test_deleting_my_data_on_the_page_says_so_and_starts_over(client: TestClient) -> None:
    page = await post(client, await to_county(client), text="/delete")
    page = await post(client, page, choice="confirm_delete")
    assert "洛龙区" not in page.body
    assert "agree" in page.choices
    assert page.body.index("删除") < page.body.index("您好！我是")


# A first visit stores nothing (WeChat fetches every shared link for its preview, and crawlers
# follow links: neither may leave an applicant behind); the first answer stores the welcome.


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


async def test_a_message_pushed_by_staff_leaves_the_open_question_s_buttons(
        client: TestClient) -> None:
    page = await to_county(client)
    assert page.choices
    token = client.session.cookie_jar.filter_cookies(client.make_url("/"))[COOKIE_NAME]
    async with client.app[SESSIONS].begin() as session:
        applicant = await session.scalar(select(ChannelIdentity.applicant_id).where(
            ChannelIdentity.external_id == token.value.split(".")[0]))
        assert applicant is not None
        pushed = outbound_to_dict(Text("工作人员回复了您的问题。"))
        await append_turn(session, applicant, "", [pushed])
    again = await get(client)
    assert "工作人员回复了您的问题。" in again.body
    assert again.choices == page.choices
