"""`awardbot wechat menu` publishes 开始申报 / 我的申报 / 常见问题, and the buttons work."""

from __future__ import annotations

from pathlib import Path

import pytest
from wx_fakes import FakeWeChatApi, wechat_settings

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
