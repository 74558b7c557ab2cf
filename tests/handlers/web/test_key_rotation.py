"""Rotating AWARDBOT_SECRET_KEY on a running install: an applicant on the web keeps their
conversation and their ID number through the rotation (old key kept as the previous one, the
cookie re-signed, `rekey` run) and after the old key is removed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from aiohttp.test_utils import TestClient, TestServer

from bot.app import create_app
from bot.config import Settings
from bot.crypto import Vault
from bot.db.store import load_facts
from bot.db.store.answers import rekey_answers
from bot.runtime import SESSIONS
from handlers.web.cookies import COOKIE_NAME
from tests.handlers.web.test_page import get, post, to_county

OLD = "the secret this install started with"
NEW = "the secret it is rotated to, later"
ID_NUMBER = "11010519491231002X"


async def _start(tmp_path: Path, secret: str, previous: str | None = None) -> TestClient:
    settings = Settings(data_dir=tmp_path, secret_key=secret, secret_key_previous=previous,
                        database_url=f"sqlite+aiosqlite:///{tmp_path / 'awardbot.db'}")
    client = TestClient(TestServer(create_app(settings, clock=lambda: dt.date(2024, 1, 3))))
    await client.start_server()
    return client


def _cookie(client: TestClient) -> str:
    return client.session.cookie_jar.filter_cookies(client.make_url("/"))[COOKIE_NAME].value


async def test_a_web_applicant_keeps_conversation_and_id_number_across_a_rotation(
        tmp_path: Path) -> None:
    before = await _start(tmp_path, OLD)
    try:
        await post(before, await to_county(before), text=ID_NUMBER)
        old_cookie = _cookie(before)
    finally:
        await before.close()

    during = await _start(tmp_path, NEW, previous=OLD)
    try:
        during.session.cookie_jar.update_cookies({COOKIE_NAME: old_cookie})
        response = await during.get("/")
        assert response.cookies[COOKIE_NAME].value not in ("", old_cookie)
        assert "洛龙区" in await response.text()
        new_cookie = _cookie(during)
        async with during.server.app[SESSIONS].begin() as session:
            assert await rekey_answers(session, Vault.from_secrets(NEW.encode(),
                                                                    OLD.encode())) == 1
    finally:
        await during.close()

    after = await _start(tmp_path, NEW)
    try:
        after.session.cookie_jar.update_cookies({COOKIE_NAME: new_cookie})
        page = await get(after)
        assert "洛龙区" in page.body and page.body.count("您好！我是") == 1
        async with after.server.app[SESSIONS]() as session:
            facts = await load_facts(session, Vault.from_secret(NEW.encode()), 1)
        assert facts["id_number"] == ID_NUMBER
    finally:
        await after.close()
