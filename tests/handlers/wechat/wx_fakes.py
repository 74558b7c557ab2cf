"""The fake WeChat API and signed XML for the wechat tests (they live in `fakes.wechat`, shared
with the soak suite), plus the settings and settling that need the app."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aiohttp import web

from bot.config import Settings
from fakes.wechat import (
    ACCOUNT,
    AES_KEY,
    APP_ID,
    OLD_AES_KEY,
    TOKEN,
    FakeWeChatApi,
    encrypted,
    event_xml,
    image_xml,
    plain_query,
    reply_content,
    signature,
    text_xml,
)
from handlers.wechat import ENDPOINT
from tests.outbox_wait import delivered

__all__ = ["ACCOUNT", "AES_KEY", "APP_ID", "OLD_AES_KEY", "TOKEN", "FakeWeChatApi", "encrypted",
           "event_xml", "image_xml", "plain_query", "reply_content", "settle", "signature",
           "text_xml", "wechat_settings"]


def wechat_settings(tmp_path: Path, base: str, **extra: Any) -> Settings:
    return Settings(data_dir=tmp_path, secret_key="test secret for wechat tests",
                    database_url=f"sqlite+aiosqlite:///{tmp_path / 'awardbot.db'}",
                    wechat_token=TOKEN, wechat_app_id=APP_ID, wechat_app_secret="s3cret",
                    wechat_api_base=base, **extra)


async def settle(app: web.Application) -> None:
    """Wait for turns in flight, the customer-service queue and the outbox."""
    await app[ENDPOINT].settle()
    await delivered(app)
