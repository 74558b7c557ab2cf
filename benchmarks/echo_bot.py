"""The Telegram baseline: a bare aiogram echo bot behind awardbot's own webhook handler.

It answers every message with its text and every button with its data, doing no other work,
so the ratio against it shows what awardbot's inbox, conversation and rendering add per update.
Its heap is frozen after startup, as `awardbot serve` freezes awardbot's.
Run in-process by the webhook benchmark, or as its own server for the throughput benchmark:
`python -m benchmarks.echo_bot PORT API_BASE`.
"""

from __future__ import annotations

import sys
from typing import Any

from aiogram import Dispatcher, Router
from aiogram.types import Message as TgMessage
from aiogram.types import Update
from aiohttp import web

from bot.runtime import freeze_startup_heap
from handlers.telegram.channel import make_bot
from handlers.telegram.webhook import TelegramWebhook

SECRET = "bench-secret"


class EchoBot:
    """A bare aiogram echo bot with the interface the webhook handler expects."""

    def __init__(self, api: str) -> None:
        self.bot = make_bot("1:echo", api)
        self.dispatcher = Dispatcher()
        router = Router()

        @router.message()
        async def echo(message: TgMessage) -> None:
            await message.answer(message.text or "")

        @router.callback_query()
        async def tapped(query: Any) -> None:
            await query.answer()
            await self.bot.send_message(query.message.chat.id, query.data or "")

        self.dispatcher.include_router(router)

    async def accept(self, update: Update, payload: dict[str, Any]) -> None:
        await self.dispatcher.feed_update(self.bot, update)


def app(api: str) -> web.Application:
    """The echo bot served at /telegram/webhook, with the same secret check as awardbot."""
    echo = EchoBot(api)
    application = web.Application()
    application.router.add_post("/telegram/webhook", TelegramWebhook(echo, SECRET).post)

    async def close_session(_: web.Application) -> None:
        await echo.bot.session.close()

    application.on_cleanup.append(close_session)
    application.on_startup.append(freeze_startup_heap)
    return application


def main() -> None:
    web.run_app(app(sys.argv[2]), host="127.0.0.1", port=int(sys.argv[1]), print=None,
                access_log=None)


if __name__ == "__main__":
    main()
