"""The Telegram channel: webhook or long polling, enabled by `AWARDBOT_TELEGRAM_TOKEN`.

aiogram takes seconds to import (it builds a pydantic schema for every Bot API type), so it is
imported only when Telegram is configured: a server or command without a token never pays it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from aiohttp import web

from bot.config import Settings

if TYPE_CHECKING:
    from handlers.telegram.channel import TelegramChannel

CHANNEL: web.AppKey[TelegramChannel] = web.AppKey("telegram_channel")

__all__ = ["CHANNEL", "setup_routes"]


def setup_routes(app: web.Application, settings: Settings) -> None:
    """Wire Telegram into `app` when a token is configured; nothing (and no aiogram) otherwise."""
    if settings.telegram_token is None:
        return
    importlib.import_module("handlers.telegram.wiring").wire(app, settings, CHANNEL)
