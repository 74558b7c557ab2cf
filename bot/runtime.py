"""The objects an aiohttp application holds, under typed keys shared by the app and handlers.

Kept apart from `bot.app` so handlers can read them without importing the app factory (which
imports the handlers).
"""

from __future__ import annotations

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.conversation import Conversation

SETTINGS = web.AppKey("settings", Settings)
ENGINE = web.AppKey("engine", AsyncEngine)
SESSIONS = web.AppKey("sessions", async_sessionmaker[AsyncSession])
CONVERSATION = web.AppKey("conversation", Conversation)
