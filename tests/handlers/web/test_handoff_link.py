"""Signed links from the chat channels to the web page: same applicant, once, not forever."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from bot.app import create_app
from bot.config import Settings
from bot.conversation import Message
from bot.db.models import ChannelIdentity
from bot.runtime import CONVERSATION, SESSIONS
from handlers.web.cookies import COOKIE_NAME
from handlers.web.handoff import HandoffSigner, link_for

SECRET = b"handoff secret for the tests"


def test_a_token_names_its_applicant_until_it_expires() -> None:
    signer = HandoffSigner(SECRET)
    token = signer.sign("telegram", "42", "id_card", lifetime=60, now=1000)
    handoff = signer.verify(token, now=1059)
    assert handoff is not None
    assert (handoff.channel, handoff.external_id, handoff.item) == ("telegram", "42", "id_card")
    assert signer.verify(token, now=1061) is None


def test_a_forged_or_mangled_token_is_refused() -> None:
    signer = HandoffSigner(SECRET)
    token = signer.sign("wechat", "o-1", "essay")
    assert HandoffSigner(b"another secret entirely!").verify(token) is None
    data, mac = token.split(".")
    assert signer.verify(f"{data}x.{mac}") is None
    assert signer.verify("garbage") is None
    assert signer.verify("") is None


async def test_opening_a_link_binds_the_browser_to_the_same_applicant_once(
        tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, secret_key="test secret for handoff links",
                        database_url=f"sqlite+aiosqlite:///{tmp_path / 'awardbot.db'}")
    app = create_app(settings, clock=lambda: dt.date(2024, 1, 3))
    async with TestClient(TestServer(app, host="127.0.0.1")) as client:
        await app[CONVERSATION].handle(Message("telegram", "777", "1", kind="command",
                                               command="start"))
        url = link_for(app, "telegram", "777", "id_card")
        path = url.split("127.0.0.1:8080", 1)[1]
        opened = await client.get(path, allow_redirects=False)
        assert opened.status == 303
        assert COOKIE_NAME in opened.cookies
        async with app[SESSIONS]() as session:
            rows = (await session.execute(select(ChannelIdentity.channel,
                                                 ChannelIdentity.applicant_id))).all()
        owners = {channel: applicant for channel, applicant in rows}
        assert owners["web"] == owners["telegram"]
        again = await client.get(path, allow_redirects=False)
        assert again.status == 410
        unknown = link_for(app, "telegram", "nobody", "id_card").split("8080", 1)[1]
        assert (await client.get(unknown, allow_redirects=False)).status == 410
