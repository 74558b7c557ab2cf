"""Attack 1 of issue 13: forged and replayed WeChat callbacks.

The attacker holds URLs from an access log (signature, timestamp, nonce, openid) and posts
plaintext XML naming another follower, then walks 菜单 → 5 → 1 → 1, the deletion of all their
data. Every post is refused, nothing runs, and the follower's data stays. Runs on SQLite and,
when configured, PostgreSQL: the nonce cache is a table every worker shares.
"""

from __future__ import annotations

import time
from pathlib import Path

from aiohttp.test_utils import TestClient
from sqlalchemy import func, select
from wechatpy.crypto import WeChatCrypto

from bot.db.models import ChannelIdentity
from bot.runtime import SESSIONS
from fakes.wechat import AES_KEY, APP_ID, TOKEN, encrypted, plain_query, text_xml
from handlers.wechat import ENDPOINT
from tests.security.leaks import table_text
from tests.security.wechat_client import say, wechat_app

DELETION_WALK = ("菜单", "5", "1", "1")
YEAR = 365 * 24 * 3600


async def consented(client: TestClient, openid: str) -> None:
    """A follower who said hello and agreed to the 《个人信息说明》."""
    for typed in ("你好", "1"):
        await say(client, text_xml(openid, typed))


async def followers(client: TestClient) -> int:
    async with client.server.app[SESSIONS]() as session:
        return int(await session.scalar(select(func.count()).select_from(ChannelIdentity)
                                        .where(ChannelIdentity.channel == "wechat")) or 0)


async def test_the_deletion_walk_is_what_the_attacker_wants(tmp_path: Path,
                                                           database_url: str) -> None:
    """The control: sent by WeChat itself, the walk does delete (so refusing it matters)."""
    async with wechat_app(tmp_path, database_url) as (client, fake):
        await consented(client, "o-control")
        replies = [await say(client, text_xml("o-control", typed)) for typed in DELETION_WALK]
        assert "您的全部信息已删除" in "\n".join(replies + fake.texts("o-control"))


async def test_a_year_old_triple_with_a_plaintext_body_changes_nothing(
        tmp_path: Path, database_url: str) -> None:
    async with wechat_app(tmp_path, database_url) as (client, fake):
        await consented(client, "o-victim")
        before = await table_text(client.server.app[SESSIONS])
        stale = plain_query(timestamp=int(time.time()) - YEAR)
        for typed in DELETION_WALK:
            response = await client.post("/wechat", params={**stale, "openid": "o-victim"},
                                         data=text_xml("o-victim", typed).encode())
            assert response.status == 403
        await client.server.app[ENDPOINT].settle()
        assert await table_text(client.server.app[SESSIONS]) == before
        assert not any("已删除" in text for text in fake.texts("o-victim"))


async def test_a_fresh_url_with_a_plaintext_body_naming_another_follower_is_refused(
        tmp_path: Path, database_url: str) -> None:
    """A URL logged a second ago passes the window; the unsigned body is still refused."""
    async with wechat_app(tmp_path, database_url) as (client, fake):
        await consented(client, "o-victim")
        before = await table_text(client.server.app[SESSIONS])
        for typed in DELETION_WALK:
            response = await client.post("/wechat", params=plain_query(),
                                         data=text_xml("o-victim", typed).encode())
            assert response.status == 403
        await client.server.app[ENDPOINT].settle()
        assert await table_text(client.server.app[SESSIONS]) == before
        assert not any("已删除" in text for text in fake.texts("o-victim"))


async def test_an_encrypted_body_is_bound_to_its_msg_signature(tmp_path: Path,
                                                              database_url: str) -> None:
    """Swapping the Encrypt element under a captured URL, or re-signing an old one, fails."""
    async with wechat_app(tmp_path, database_url) as (client, _fake):
        query, _ = encrypted(text_xml("o-attacker", "你好"))
        _, other_body = encrypted(text_xml("o-victim", "菜单"))
        swapped = await client.post("/wechat", params=query, data=other_body.encode())
        assert swapped.status == 403
        old = int(time.time()) - YEAR
        sealed = WeChatCrypto(TOKEN, AES_KEY, APP_ID).encrypt_message(
            text_xml("o-victim", "菜单"), "12345", str(old))
        stale = await client.post("/wechat", params={
            **plain_query(nonce="12345", timestamp=old), "encrypt_type": "aes",
            "msg_signature": _msg_signature(sealed)}, data=sealed.encode())
        assert stale.status == 403
        assert await followers(client) == 0


def _msg_signature(sealed: str) -> str:
    return sealed.split("<MsgSignature><![CDATA[")[1].split("]]>")[0]


async def test_compat_mode_accepts_plaintext_but_a_nonce_only_once_per_message(
        tmp_path: Path, database_url: str) -> None:
    """In 兼容模式 the URL is all that is signed: the same triple may carry the same message
    again (WeChat's retry, answered as before) but never another body."""
    async with wechat_app(tmp_path, database_url, wechat_compat_mode=True) as (client, fake):
        query = plain_query()
        first = text_xml("o-victim", "你好", msg_id=9001)
        answers = [await client.post("/wechat", params=query, data=first.encode())
                   for _ in range(2)]
        assert [a.status for a in answers] == [200, 200]
        assert len({await a.text() for a in answers}) == 1
        forged = await client.post("/wechat", params=query,
                                   data=text_xml("o-victim", "菜单", msg_id=9002).encode())
        assert forged.status == 403
        await client.server.app[ENDPOINT].settle()
        assert not any("请选择您要做的事" in text for text in fake.texts("o-victim"))


async def test_a_nonce_used_on_one_worker_is_refused_by_another(tmp_path: Path,
                                                               database_url: str) -> None:
    """Two server processes on one database (two apps here): the replay cache is shared."""
    query = plain_query()
    async with wechat_app(tmp_path / "a", database_url, wechat_compat_mode=True) as (one, _), \
            wechat_app(tmp_path / "b", database_url, wechat_compat_mode=True) as (two, _):
        accepted = await one.post("/wechat", params=query,
                                  data=text_xml("o-victim", "你好", msg_id=9101).encode())
        assert accepted.status == 200
        replayed = await two.post("/wechat", params=query,
                                  data=text_xml("o-victim", "菜单", msg_id=9102).encode())
        assert replayed.status == 403
        await one.server.app[ENDPOINT].settle()
