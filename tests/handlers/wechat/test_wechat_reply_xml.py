"""The passive reply's XML survives whatever a follower types (issue 16, item 6).

A follower's “]]>” used to end the CDATA of their own reply; the reply then carried elements of
their choosing (a second MsgType, an Image node). The fuzz checks the reply builder on any text,
and the real view on the attack itself, read back as WeChat reads a reply (`passive_text`).
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

from aiohttp import web
from aiohttp.test_utils import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from wx_fakes import AES_KEY, FakeWeChatApi, encrypted, event_xml, reply_content, settle, text_xml

from fakes.wechat import passive_text
from handlers.wechat.reply import text_reply, xml_text

Client = tuple[TestClient, FakeWeChatApi, web.Application]
ATTACK = ("火星]]></Content><MsgType><![CDATA[image]]></MsgType>"
          "<Image><MediaId><![CDATA[evil]]></MediaId></Image><Content><![CDATA[")
PIECES = st.sampled_from(["]]>", "]]", "]", ">", "<![CDATA[", "</Content>", "<MsgType>", "&",
                          "&amp;", "\x00", "\x1f", "\ud800", "\n", "\r", "火星", "a", " "])
TEXTS = st.one_of(st.text(max_size=200), st.lists(PIECES, max_size=40).map("".join))


@settings(max_examples=500, deadline=None)
@given(TEXTS, TEXTS)
def test_any_text_is_the_one_content_of_a_well_formed_text_reply(text: str, openid: str) -> None:
    xml = text_reply("gh_account", openid, text)
    assert passive_text(xml) == xml_text(text)
    root = ElementTree.fromstring(xml)
    assert root.findtext("ToUserName") == xml_text(openid)
    assert [child.tag for child in root].count("MsgType") == 1


async def test_the_attack_from_the_issue_is_echoed_as_text_not_obeyed(wechat: Client) -> None:
    client, fake, app = wechat
    openid = "o-cdata"
    replies = []
    for xml in (event_xml(openid, "subscribe"), text_xml(openid, "同意并开始"),
                text_xml(openid, ATTACK)):
        query, body = encrypted(xml, AES_KEY)
        response = await client.post("/wechat", params=query, data=body.encode())
        assert response.status == 200
        replies.append(reply_content(await response.text(), AES_KEY, query))
        await settle(app)
    answer = "\n".join([replies[-1], *fake.texts(openid)])
    assert "火星]]></Content><MsgType>" in answer, "the follower's words come back as words"
