"""Every message type a follower can send gets a deliberate answer (接收普通消息).

Through the real `/wechat` view: at the region question a video, a link, a file or a voice
message WeChat did not transcribe used to get “没有找到“”，请输入地名”. Now each is explained
and the question asked again, and a location's Label answers the question.
"""

from __future__ import annotations

import itertools
import time

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from wx_fakes import AES_KEY, FakeWeChatApi, encrypted, event_xml, reply_content, settle, text_xml

from dialogs.i18n import t

Client = tuple[TestClient, FakeWeChatApi, web.Application]
_ids = itertools.count(90000)
BODIES = {
    "video": "<MediaId><![CDATA[v1]]></MediaId><ThumbMediaId><![CDATA[t1]]></ThumbMediaId>",
    "shortvideo": "<MediaId><![CDATA[v2]]></MediaId><ThumbMediaId><![CDATA[t2]]></ThumbMediaId>",
    "voice": "<MediaId><![CDATA[m]]></MediaId><Format><![CDATA[amr]]></Format>",
    "link": "<Title><![CDATA[通知]]></Title><Description><![CDATA[d]]></Description>"
            "<Url><![CDATA[https://example.org/a]]></Url>",
    "file": "<Title><![CDATA[a.pdf]]></Title><FileKey><![CDATA[k]]></FileKey>",
    "image": "<PicUrl><![CDATA[http://127.0.0.1/p]]></PicUrl>",
    "location": "<Location_X>34.6</Location_X><Location_Y>112.4</Location_Y><Scale>15</Scale>"
                "<Label><![CDATA[]]></Label>",
}
EXPECTED = {"video": "video", "shortvideo": "video", "voice": "voice", "link": "link",
            "file": "file", "image": "other", "location": "location"}


def message_xml(openid: str, kind: str, body: str) -> str:
    return (f"<xml><ToUserName><![CDATA[gh]]></ToUserName>"
            f"<FromUserName><![CDATA[{openid}]]></FromUserName>"
            f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[{kind}]]></MsgType>"
            f"{body}<MsgId>{next(_ids)}</MsgId></xml>")


async def say(client: TestClient, app: web.Application, xml: str) -> str:
    query, body = encrypted(xml, AES_KEY)
    response = await client.post("/wechat", params=query, data=body.encode())
    assert response.status == 200
    text = reply_content(await response.text(), AES_KEY, query)
    await settle(app)
    return text


async def at_region(client: TestClient, app: web.Application, openid: str) -> str:
    await say(client, app, event_xml(openid, "subscribe"))
    return await say(client, app, text_xml(openid, "同意并开始"))


@pytest.mark.parametrize("kind", sorted(BODIES))
async def test_each_type_at_the_region_question_is_explained_and_asked_again(
        wechat: Client, kind: str) -> None:
    client, fake, app = wechat
    openid = f"o-type-{kind}"
    await at_region(client, app, openid)
    before = len(fake.texts(openid))
    passive = await say(client, app, message_xml(openid, kind, BODIES[kind]))
    answer = "\n".join([passive, *fake.texts(openid)[before:]])
    assert t("zh_CN", f"media.{EXPECTED[kind]}") in answer
    assert "您在哪个省" in answer and "没有找到" not in answer


async def test_a_location_label_answers_the_region_question(wechat: Client) -> None:
    client, fake, app = wechat
    openid = "o-location"
    await at_region(client, app, openid)
    label = "<![CDATA[河南省洛阳市洛龙区开元大道239号]]>"
    body = BODIES["location"].replace("<![CDATA[]]>", label)
    before = len(fake.texts(openid))
    passive = await say(client, app, message_xml(openid, "location", body))
    answer = "\n".join([passive, *fake.texts(openid)[before:]])
    assert "好的：河南省 洛阳市 洛龙区" in answer
