"""The customer-service sender: paced, every message recorded, unfollowers left alone."""

from __future__ import annotations

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestClient
from sqlalchemy import select
from wechatpy.exceptions import WeChatClientException
from wx_fakes import FakeWeChatApi, encrypted, settle, text_xml

from bot.db.channel_store import Sessions
from bot.db.channels import BlockedRecipient, OutboundMessage
from bot.runtime import SESSIONS
from handlers.wechat import ENDPOINT
from handlers.wechat.sender import THROTTLE_PAUSE, WeChatSender

Client = tuple[TestClient, FakeWeChatApi, web.Application]


async def _records(sessions: Sessions, openid: str) -> list[tuple[str, int]]:
    async with sessions() as session:
        rows = await session.execute(
            select(OutboundMessage.status, OutboundMessage.attempts)
            .where(OutboundMessage.channel == "wechat", OutboundMessage.recipient == openid)
            .order_by(OutboundMessage.id))
        return [(status, attempts) for status, attempts in rows]


async def test_every_customer_service_message_is_sent_in_order_and_recorded(
        wechat: Client) -> None:
    _, fake, app = wechat
    app[ENDPOINT].sender.enqueue("o-rec", ["一", "二", "三"])
    await settle(app)
    assert fake.texts("o-rec") == ["一", "二", "三"]
    assert await _records(app[SESSIONS], "o-rec") == [("sent", 1)] * 3


async def test_an_unfollower_is_not_written_to_again_until_they_write(wechat: Client) -> None:
    client, fake, app = wechat
    fake.unfollowed.add("o-gone")
    app[ENDPOINT].sender.enqueue("o-gone", ["第一条", "第二条"])
    await settle(app)
    assert await _records(app[SESSIONS], "o-gone") == [("blocked", 1), ("blocked", 0)]
    async with app[SESSIONS]() as session:
        assert await session.scalar(select(BlockedRecipient.recipient)) == "o-gone"
    fake.unfollowed.clear()
    query, body = encrypted(text_xml("o-gone", "你好"))
    assert (await client.post("/wechat", params=query, data=body.encode())).status == 200
    await settle(app)
    assert fake.texts("o-gone"), "after writing again, the rest of the answer is sent"
    async with app[SESSIONS]() as session:
        assert await session.scalar(select(BlockedRecipient.recipient)) is None


async def test_a_throttled_send_waits_and_is_not_lost(sessions: Sessions) -> None:
    now = [100.0]
    sent: list[tuple[float, str]] = []
    throttled = [True]

    def send(openid: str, text: str) -> None:
        if throttled.pop() if throttled else False:
            raise WeChatClientException(45009, "api freq out of limit")
        sent.append((now[0], text))

    async def sleep(seconds: float) -> None:
        now[0] += seconds

    sender = WeChatSender(send, lambda: sessions, clock=lambda: now[0], sleep=sleep)
    sender.enqueue("o-busy", ["甲", "乙"])
    await sender.drain()
    assert [text for _, text in sent] == ["甲", "乙"]
    assert sent[0][0] >= 100.0 + THROTTLE_PAUSE
    assert await _records(sessions, "o-busy") == [("sent", 2), ("sent", 1)]


async def test_the_fake_refuses_a_text_over_2048_bytes_as_wechat_does(
        wechat_api: tuple[FakeWeChatApi, str]) -> None:
    """客服消息: errcode 45002 “content size out of limit”; our texts are split below it."""
    _fake, base = wechat_api
    async with aiohttp.ClientSession() as http:
        for text, code in (("长" * 682, 0), ("长" * 683, 45002)):
            async with http.post(f"{base}/cgi-bin/message/custom/send?access_token=T",
                                 json={"touser": "o", "msgtype": "text",
                                       "text": {"content": text}}) as response:
                assert (await response.json())["errcode"] == code
