"""Attack 2 of issue 13 through the real page: ID numbers the ID question accepts but a checksum
test rejects, typed with spaces, at the main menu, for a person (人工) and as a question nobody
can answer. Every turn is answered (never a 500) and no form of the number is stored, logged,
written to a file or shown back in full."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.app import create_app
from bot.runtime import SESSIONS
from tests.handlers.web.test_page import TODAY, get, post, settings_for
from tests.security.leaks import Captured, file_bytes, leaked, table_text

NUMBERS = ("410102198001010000",  # a 河南 place code python-stdnum does not list for 1980
           "220102 19850203 0046",  # typed in groups
           "110105194912310021",  # a wrong check digit
           "41010280010100X")  # 15 characters, invalid


@pytest.fixture
async def page_client(tmp_path: Path) -> AsyncIterator[TestClient]:
    client = TestClient(TestServer(create_app(settings_for(tmp_path), clock=lambda: TODAY)))
    await client.start_server()
    try:
        yield client
    finally:
        await client.close()


@pytest.mark.parametrize("number", NUMBERS)
async def test_an_id_number_typed_anywhere_is_never_kept_in_full(
        page_client: TestClient, tmp_path: Path, number: str) -> None:
    captured = Captured()
    logging.getLogger().addHandler(captured)
    try:
        pages = [await post(page_client, await get(page_client), choice="agree")]
        for typed in (f"我的身份证是{number}", "河南", "洛阳", "洛龙", "菜单", number,
                      f"{number}这个号码能报名吗", "人工", f"身份证{number}，请帮我看看"):
            pages.append(await post(page_client, pages[-1], text=typed))
    finally:
        logging.getLogger().removeHandler(captured)
    shown = "\n".join(page.body for page in pages)
    assert "已转给工作人员" in shown
    tables = await table_text(page_client.server.app[SESSIONS])
    assert leaked(number, shown, tables, file_bytes(tmp_path), "\n".join(captured.lines)) == []
    assert number.replace(" ", "")[:6] in tables  # the masked form is what was kept
