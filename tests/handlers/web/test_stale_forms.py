"""A form from an old tab answers nothing: its buttons carry the asking they belong to."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient

from dialogs.i18n import t
from tests.handlers.web.test_page import Page, get, post, start


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[TestClient]:
    client = await start(tmp_path)
    try:
        yield client
    finally:
        await client.close()


async def test_an_old_tab_s_button_gets_the_current_question(client: TestClient) -> None:
    old_tab = await get(client)
    assert old_tab.hidden.get("answers"), "the buttons name their asking"
    page = await post(client, old_tab, choice="agree")
    assert "您在哪个省" in page.body
    response = await client.post("/send", data={**old_tab.fields(), "msg": uuid.uuid4().hex,
                                                "choice": "disagree"})
    after = Page(await response.text())
    assert t("zh_CN", "button.stale") in after.body
    assert "您在哪个省" in after.body.rsplit(t("zh_CN", "button.stale"), 1)[1]
    assert t("zh_CN", "consent.declined") not in after.body
