"""The page shows the current step and the last few turns, 更早的消息 on demand, and 我的申报;
a page load reads the same few rows whether the conversation has 30 turns or 300. Refusals
never put a message key in the address bar, and a multi-select posts its ticks at once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import FormData
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import event

from bot.app import create_app
from bot.db.store import applicant_of
from bot.runtime import ENGINE, SESSIONS
from bot.transcript import PAGE_TURNS, append_turn
from dialogs.types import Text, outbound_to_dict
from handlers.web.cookies import COOKIE_NAME
from tests.handlers.web.test_page import TODAY, Page, get, post, settings_for

NOT_EXPECTED = "现在不需要上传文件"


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[TestClient]:
    client = TestClient(TestServer(create_app(settings_for(tmp_path), clock=lambda: TODAY)))
    await client.start_server()
    try:
        yield client
    finally:
        await client.close()


async def _grow(client: TestClient, turns: int) -> None:
    token = client.session.cookie_jar.filter_cookies(client.make_url("/"))[COOKIE_NAME]
    async with client.app[SESSIONS].begin() as session:
        who = await applicant_of(session, "web", token.value.split(".")[0])
        assert who is not None
        for n in range(turns):
            await append_turn(session, who, f"第{n}条", [outbound_to_dict(Text(f"回复{n}"))])


def _statements(client: TestClient) -> list[str]:
    seen: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        seen.append(statement)

    event.listen(client.app[ENGINE].sync_engine, "before_cursor_execute", count)
    return seen


async def test_a_page_shows_the_last_turns_and_the_earlier_ones_on_demand(
        client: TestClient) -> None:
    await post(client, await get(client), choice="agree")
    await _grow(client, 30)
    latest = await get(client)
    assert "回复29" in latest.body and "回复5" not in latest.body
    assert latest.body.count('class="row me"') <= PAGE_TURNS
    earlier = latest.body.split('href="/?before=')[1].split('"')[0]
    assert "更早的消息" in latest.body
    older = Page(await (await client.get(f"/?before={earlier}")).text())
    assert "回复17" in older.body and "回复29" not in older.body
    assert older.choices == [], "an earlier page is for reading: it answers nothing"


async def test_a_page_load_reads_the_same_rows_for_30_turns_as_for_300(
        client: TestClient) -> None:
    await post(client, await get(client), choice="agree")
    await _grow(client, 30)
    seen = _statements(client)
    await get(client)
    short = len(seen)
    await _grow(client, 270)
    seen.clear()
    await get(client)
    assert len(seen) == short <= 4


async def test_mine_lists_the_result_with_the_round_state_in_words(client: TestClient) -> None:
    empty = await (await client.get("/mine")).text()
    assert "还没有申报" in empty
    page = await post(client, await get(client), choice="agree")
    for place in ("河南", "洛阳", "洛龙"):
        page = await post(client, page, text=place)
    body = await (await client.get("/mine")).text()
    assert "我的申报" in body and "回执编号" in body


async def test_an_upload_before_a_document_is_asked_says_so_without_a_key_in_the_address(
        client: TestClient) -> None:
    await post(client, await get(client), choice="agree")
    form = FormData()
    form.add_field("msg", "m1")
    form.add_field("file", b"", filename="", content_type="application/octet-stream")
    response = await client.post("/upload", data=form, allow_redirects=False)
    assert response.status == 303 and "upload." not in response.headers["Location"]
    page = await get(client)
    assert NOT_EXPECTED in page.body and "还没有选择文件" not in page.body
    again = await get(client)
    assert NOT_EXPECTED not in again.body, "shown once"
