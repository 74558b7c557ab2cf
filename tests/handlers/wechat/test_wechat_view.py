"""The real `/wechat` view with signed, encrypted XML and a fake customer-service API."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient
from sqlalchemy import select
from wx_fakes import (
    AES_KEY,
    OLD_AES_KEY,
    FakeWeChatApi,
    encrypted,
    event_xml,
    plain_query,
    reply_content,
    settle,
    text_xml,
)

from bot.db.models import Event
from bot.runtime import CONVERSATION, SESSIONS
from handlers.wechat import ENDPOINT

Client = tuple[TestClient, FakeWeChatApi, web.Application]


async def say(client: TestClient, app: web.Application, xml: str, key: str = AES_KEY) -> str:
    """Post `xml` in safe mode; the passive reply's text (or "success")."""
    query, body = encrypted(xml, key)
    response = await client.post("/wechat", params=query, data=body.encode())
    assert response.status == 200
    text = reply_content(await response.text(), key, query)
    await settle(app)
    return text


def pick(question: str) -> str:
    """The “don't know” option when there is one, else the first: its number, or its words
    when the question also takes typed answers."""
    words = re.findall(r"^· (.+)$", question, re.MULTILINE)
    if words:
        return next((w for w in words if "不" in w), words[0])
    unknown = re.search(r"^(\d+)\. [^\n]*不[清知]", question, re.MULTILINE)
    return unknown.group(1) if unknown else "1"


def everything(openid: str, fake: FakeWeChatApi, passive: list[str]) -> str:
    return "\n".join(passive + fake.texts(openid))


async def test_a_screening_from_the_subscribe_event_to_the_result(wechat: Client) -> None:
    client, fake, app = wechat
    openid = "o-screening"
    passive = [await say(client, app, event_xml(openid, "subscribe"))]
    assert "回复 1" in everything(openid, fake, passive)
    passive.append(await say(client, app, text_xml(openid, "1")))
    for place in ("河南", "洛阳", "洛龙"):
        passive.append(await say(client, app, text_xml(openid, place)))
    for _ in range(40):
        if "结果出来了" in everything(openid, fake, passive):
            break
        answer = pick(fake.texts(openid)[-1])
        passive.append(await say(client, app, text_xml(openid, answer)))
    assert "结果出来了" in everything(openid, fake, passive)


async def test_four_deliveries_of_one_message_change_state_once_and_reply_identically(
        wechat: Client, monkeypatch: Any) -> None:
    client, fake, app = wechat
    openid = "o-retried"
    await say(client, app, event_xml(openid, "subscribe"))
    before = len(fake.texts(openid))
    conversation = app[CONVERSATION]
    real = conversation.handle
    calls = 0

    async def slow(message: Any) -> Any:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0.3)
        return await real(message)

    monkeypatch.setattr(conversation, "handle", slow)
    app[ENDPOINT].budget = 0.05
    xml = text_xml(openid, "1", msg_id=99)
    replies = await asyncio.gather(*(client.post("/wechat", params=q, data=b.encode())
                                     for q, b in [encrypted(xml) for _ in range(2)]))
    later = [await client.post("/wechat", params=q, data=b.encode())
             for q, b in [encrypted(xml) for _ in range(2)]]
    await settle(app)
    bodies = [await r.text() for r in [*replies, *later]]
    assert [r.status for r in [*replies, *later]] == [200] * 4
    assert bodies == ["success"] * 4
    assert calls == 1
    answer = fake.texts(openid)[before:]
    assert len(answer) == 2, "the slow answer reached the applicant once, through the API"
    assert "谢谢" in answer[0] and "哪个省" in answer[1]


async def test_a_fast_retry_gets_the_same_passive_reply(wechat: Client) -> None:
    client, fake, app = wechat
    openid = "o-fast"
    xml = event_xml(openid, "subscribe", created=1700000123)
    first = await say(client, app, xml)
    sent = len(fake.texts(openid))
    assert await say(client, app, xml) == first
    assert len(fake.texts(openid)) == sent


async def test_a_message_under_the_previous_aes_key_is_still_read(wechat: Client) -> None:
    client, _, app = wechat
    reply = await say(client, app, event_xml("o-rotation", "subscribe"), key=OLD_AES_KEY)
    assert reply != "success"


async def test_url_verification_echoes_only_with_a_good_signature(wechat: Client) -> None:
    client, _, _ = wechat
    good = await client.get("/wechat", params={**plain_query(), "echostr": "hello"})
    assert (good.status, await good.text()) == (200, "hello")
    bad = await client.get("/wechat", params={**plain_query(), "signature": "0" * 40,
                                              "echostr": "hello"})
    assert bad.status == 403


async def test_bad_signature_malformed_oversized_and_doctype_bodies_are_refused(
        wechat: Client) -> None:
    client, _, _ = wechat
    query, body = encrypted(text_xml("o-bad", "你好"))
    forged = await client.post("/wechat", params={**query, "msg_signature": "0" * 40},
                               data=body.encode())
    assert forged.status == 403
    broken = await client.post("/wechat", params=query, data=b"<xml><oops>")
    assert broken.status == 400
    doctype = b'<!DOCTYPE x [<!ENTITY a "b">]><xml><Encrypt>&a;</Encrypt></xml>'
    assert (await client.post("/wechat", params=query, data=doctype)).status == 400
    huge = b"<xml><Encrypt>" + b"A" * 100_000 + b"</Encrypt></xml>"
    assert (await client.post("/wechat", params=query, data=huge)).status == 413


async def test_voice_uses_the_recognised_text(wechat: Client) -> None:
    client, _fake, app = wechat
    openid = "o-voice"
    await say(client, app, event_xml(openid, "subscribe"))
    voice = (f"<xml><ToUserName>gh</ToUserName><FromUserName>{openid}</FromUserName>"
             "<CreateTime>1700000001</CreateTime><MsgType>voice</MsgType><MediaId>m</MediaId>"
             "<Format>amr</Format><Recognition>同意</Recognition><MsgId>31</MsgId></xml>")
    after_voice = await say(client, app, voice)
    assert after_voice != "success"
    assert "同意" not in after_voice or "回复" in after_voice


def scan_xml(openid: str, event: str, key: str, created: int) -> str:
    return (f"<xml><ToUserName><![CDATA[gh]]></ToUserName>"
            f"<FromUserName><![CDATA[{openid}]]></FromUserName>"
            f"<CreateTime>{created}</CreateTime><MsgType><![CDATA[event]]></MsgType>"
            f"<Event><![CDATA[{event}]]></Event><EventKey><![CDATA[{key}]]></EventKey>"
            "<Ticket><![CDATA[TICKET]]></Ticket></xml>")


async def test_following_through_a_qr_code_welcomes_and_carries_the_scene(
        wechat: Client) -> None:
    """接收事件推送, 扫描带参数二维码事件: subscribe with qrscene_<scene>, then SCAN."""
    client, fake, app = wechat
    openid = "o-scan"
    first = await say(client, app, scan_xml(openid, "subscribe",
                                            "qrscene_luoyang-skill-entrepreneur-star", 1))
    welcome = everything(openid, fake, [first])
    assert "您好" in welcome and "洛阳市“技能创业之星”的海报" in welcome
    again = await say(client, app, scan_xml(openid, "SCAN", "poster-henan-flexible", 2))
    assert again != "success"
    async with app[SESSIONS]() as session:
        scenes = (await session.scalars(select(Event.payload).where(
            Event.kind == "channel.scene").order_by(Event.id))).all()
    assert scenes == [{"scene": "luoyang-skill-entrepreneur-star"},
                      {"scene": "poster-henan-flexible"}]
