"""The official account's custom menu: 开始申报 / 我的申报 / 常见问题.

Each button is a `click` with a key the inbound adapter turns into an engine command, so the
menu works exactly like typing in the chat. Publishing uses the same shared access token as the
customer-service sender, so running it never invalidates the token the server is using.
"""

from __future__ import annotations

import asyncio
from typing import Any

from bot.config import Settings
from bot.db.session import create_engine, create_sessionmaker
from handlers.wechat.sender import ApiClient
from handlers.wechat.token import SharedToken

MENU: dict[str, Any] = {"button": [
    {"type": "click", "name": "开始申报", "key": "start"},
    {"type": "click", "name": "我的申报", "key": "mine"},
    {"type": "click", "name": "常见问题", "key": "faq"},
]}


async def publish_menu(settings: Settings) -> dict[str, Any]:
    """Create the custom menu on WeChat (replacing the previous one); WeChat's answer."""
    if not settings.wechat_app_id or settings.wechat_app_secret is None:
        raise ValueError("AWARDBOT_WECHAT_APP_ID and AWARDBOT_WECHAT_APP_SECRET are needed")
    client = ApiClient(settings.wechat_app_id, settings.wechat_app_secret.get_secret_value(),
                       settings.wechat_api_base)
    engine = create_engine(settings.database_url)
    try:
        sessions = create_sessionmaker(engine)
        SharedToken(client, lambda: sessions, asyncio.get_running_loop()).install()
        result: dict[str, Any] = await asyncio.wait_for(
            asyncio.to_thread(client.menu.create, MENU), 30)
        return result
    finally:
        await engine.dispose()
