"""Wiring the Telegram channel into the app: the webhook route or polling, and its lifetime."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from aiohttp import web

from bot.config import Settings
from bot.runtime import CONVERSATION, FILES, OUTBOX, SESSIONS, drain
from handlers.telegram.channel import GLOBAL_RATE, TelegramChannel, make_bot
from handlers.telegram.polling import poll
from handlers.telegram.sender import TelegramSender
from handlers.telegram.webhook import TelegramWebhook
from handlers.web.handoff import link_for


def wire(app: web.Application, settings: Settings, key: web.AppKey[TelegramChannel]) -> None:
    """Add `/telegram/webhook` (or the polling task) and start/stop the sender with the app."""
    assert settings.telegram_token is not None
    bot = make_bot(settings.telegram_token.get_secret_value(), settings.telegram_api_base)
    channel = TelegramChannel(
        bot, lambda: app[CONVERSATION], lambda: app[SESSIONS],
        upload_link=lambda chat, item: link_for(app, "telegram", chat, item),
        sensitive_uploads=settings.telegram_sensitive_uploads,
        files=app[FILES], upload_max_bytes=settings.upload_max_bytes,
        per_second=GLOBAL_RATE / settings.workers)
    app[key] = channel
    app[OUTBOX].add(TelegramSender(bot, lambda: app[SESSIONS],
                                   per_second=GLOBAL_RATE / settings.workers))
    if settings.telegram_mode == "webhook":
        secret = settings.telegram_webhook_secret
        webhook = TelegramWebhook(channel, secret.get_secret_value() if secret else "")
        app.router.add_post("/telegram/webhook", webhook.post)

    async def lifetime(app: web.Application) -> AsyncIterator[None]:
        polling = None
        await channel.load_blocked()
        resume = asyncio.create_task(channel.resume())
        if settings.telegram_mode == "polling":
            polling = asyncio.create_task(poll(channel))
        try:
            yield
        finally:
            resume.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await resume
            if polling is not None:
                polling.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await polling
            await drain(channel.settle())
            await channel.pacer.close()
            await bot.session.close()

    app.cleanup_ctx.append(lifetime)
