"""`awardbot wechat menu` publishes 开始申报 / 我的申报 / 常见问题, and the buttons work."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from wx_fakes import (
    ACCOUNT,
    AES_KEY,
    FakeWeChatApi,
    encrypted,
    event_xml,
    reply_content,
    settle,
    text_xml,
    wechat_settings,
)

from bot.db.migrate import upgrade
from handlers.wechat.inbound import to_message
from handlers.wechat.menu import publish_menu


async def test_the_menu_is_published_with_the_shared_token(
        tmp_path: Path, wechat_api: tuple[FakeWeChatApi, str]) -> None:
    fake, base = wechat_api
    settings = wechat_settings(tmp_path, base)
    await upgrade(settings.database_url)
    await publish_menu(settings)
    names = [button["name"] for button in fake.menus[0]["button"]]
    assert names == ["开始申报", "我的申报", "常见问题"]
    assert fake.tokens_issued == 1


async def test_publishing_without_app_credentials_is_a_clear_error(
        tmp_path: Path, wechat_api: tuple[FakeWeChatApi, str]) -> None:
    _, base = wechat_api
    settings = wechat_settings(tmp_path, base).model_copy(update={"wechat_app_secret": None})
    with pytest.raises(ValueError, match="APP_SECRET"):
        await publish_menu(settings)


def test_a_menu_click_becomes_an_engine_command() -> None:
    xml = (b"<xml><ToUserName>gh</ToUserName><FromUserName>o-menu</FromUserName>"
           b"<CreateTime>1700000000</CreateTime><MsgType>event</MsgType><Event>CLICK</Event>"
           b"<EventKey>start</EventKey></xml>")
    message, _ = to_message(xml)
    assert message is not None
    assert (message.kind, message.command, message.external_id) == ("command", "start", "o-menu")


_clicks = itertools.count(1700000100)


def _click(openid: str, key: str) -> str:
    return (f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>"
            f"<FromUserName><![CDATA[{openid}]]></FromUserName>"
            f"<CreateTime>{next(_clicks)}</CreateTime><MsgType><![CDATA[event]]></MsgType>"
            f"<Event><![CDATA[CLICK]]></Event><EventKey><![CDATA[{key}]]></EventKey></xml>")


async def _answer(client: TestClient, fake: FakeWeChatApi, app: web.Application,
                  openid: str, xml: str) -> str:
    """The passive reply and the customer-service messages it was followed by, joined."""
    before = len(fake.texts(openid))
    query, body = encrypted(xml)
    response = await client.post("/wechat", params=query, data=body.encode())
    passive = reply_content(await response.text(), AES_KEY, query)
    await settle(app)
    return "\n".join([passive, *fake.texts(openid)[before:]])


async def test_the_faq_button_asks_for_a_question_and_my_application_continues_it(
        wechat: tuple[TestClient, FakeWeChatApi, web.Application]) -> None:
    client, fake, app = wechat
    openid = "o-buttons"
    await _answer(client, fake, app, openid, event_xml(openid, "subscribe"))
    assert "省" in await _answer(client, fake, app, openid, text_xml(openid, "1"))
    assert "市" in await _answer(client, fake, app, openid, text_xml(openid, "河南"))
    faq = await _answer(client, fake, app, openid, _click(openid, "faq"))
    assert "请直接输入您的问题" in faq
    mine = await _answer(client, fake, app, openid, _click(openid, "mine"))
    assert "哪个市" in mine and "请选择" not in mine


async def test_my_application_before_consent_asks_for_consent_first(
        wechat: tuple[TestClient, FakeWeChatApi, web.Application]) -> None:
    client, fake, app = wechat
    openid = "o-no-consent"
    await _answer(client, fake, app, openid, event_xml(openid, "subscribe"))
    await _answer(client, fake, app, openid, text_xml(openid, "菜单"))
    mine = await _answer(client, fake, app, openid, _click(openid, "mine"))
    assert "需要先同意《个人信息说明》" in mine
