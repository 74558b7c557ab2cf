"""Every programme's introduction reaches a WeChat follower whole, in numbered parts.

Through the real `/wechat` view (signed, encrypted XML) and the fake customer-service API: the
passive reply carries the first part, the customer-service messages the rest, each within
WeChat's 2,048 bytes, and the parts joined give back exactly the text the engine wrote (read
from the applicant's transcript).
"""

from __future__ import annotations

import re

from aiohttp import web
from aiohttp.test_utils import TestClient
from wx_fakes import AES_KEY, FakeWeChatApi, encrypted, event_xml, reply_content, settle, text_xml

from bot.runtime import SESSIONS
from bot.transcript import load_transcript
from dialogs.types import Text
from eligibility import programmes
from handlers.wechat.render import MAX_TEXT_BYTES

Client = tuple[TestClient, FakeWeChatApi, web.Application]
NUMBER = re.compile(r"^\((\d+)/(\d+)\)\n")


async def say(client: TestClient, app: web.Application, xml: str) -> str:
    query, body = encrypted(xml, AES_KEY)
    response = await client.post("/wechat", params=query, data=body.encode())
    assert response.status == 200
    text = reply_content(await response.text(), AES_KEY, query)
    await settle(app)
    return text


def joined(parts: list[str]) -> str:
    """The numbered parts' bodies in order, joined with the line break cut at each split."""
    numbers = [NUMBER.match(part) for part in parts]
    assert all(numbers), parts
    total = int(numbers[0].group(2)) if numbers[0] else 0
    assert [int(n.group(1)) for n in numbers if n] == list(range(1, total + 1))
    return "\n".join(part[m.end():] for part, m in zip(parts, numbers, strict=True) if m)


async def test_every_programme_introduction_arrives_whole(wechat: Client) -> None:
    client, fake, app = wechat
    split = 0
    for index, programme in enumerate(programmes()):
        openid = f"o-intro-{index}"
        await say(client, app, event_xml(openid, "subscribe"))
        menu = await say(client, app, text_xml(openid, "先看看项目介绍"))
        found = re.search(rf"^(\d+)\. {re.escape(programme.name)}$", menu, re.MULTILINE)
        assert found, menu
        before = len(fake.texts(openid))
        passive = await say(client, app, text_xml(openid, found.group(1)))
        received = [passive, *fake.texts(openid)[before:]]
        assert all(len(text.encode("utf-8")) <= MAX_TEXT_BYTES for text in received)
        async with app[SESSIONS]() as session:
            last = (await load_transcript(session, "wechat", openid))[-1]
        intro = next(item.text for item in last.reply if isinstance(item, Text))
        if NUMBER.match(passive):
            split += 1
            count = int(NUMBER.match(passive).group(2))  # type: ignore[union-attr]
            assert joined(received[:count]) == intro, programme.id
        else:
            assert passive == intro, programme.id
    assert split >= 8, "the long introductions were split (the issue counted 8 of 10)"
