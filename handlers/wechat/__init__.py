"""The WeChat official account channel: the `/wechat` view and its customer-service sender."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from aiohttp import web

from bot.config import Settings
from bot.runtime import FILES, OUTBOX, SESSIONS, drain, running
from handlers.web.handoff import link_for
from handlers.wechat.api import WeChatApi
from handlers.wechat.delivery import PER_SECOND, WeChatDelivery
from handlers.wechat.media import MediaFetcher, downloader
from handlers.wechat.security import Keys
from handlers.wechat.sender import ApiClient, WeChatSender
from handlers.wechat.token import SharedToken
from handlers.wechat.view import WeChatEndpoint, keys_from

ENDPOINT = web.AppKey("wechat_endpoint", WeChatEndpoint)
CLIENT = web.AppKey("wechat_client", ApiClient)
"""The API client, for pushes that need the outcome (reminders)."""

__all__ = ["CLIENT", "ENDPOINT", "Keys", "WeChatEndpoint", "setup_routes"]


def setup_routes(app: web.Application, settings: Settings) -> None:
    """Add `/wechat` and the sender's background task, when a WeChat token is configured."""
    if settings.wechat_token is None:
        return
    secret = settings.wechat_app_secret.get_secret_value() if settings.wechat_app_secret else ""
    client = ApiClient(settings.wechat_app_id or "", secret, settings.wechat_api_base)
    endpoint = WeChatEndpoint(
        keys_from(settings), WeChatSender(client.message.send_text, lambda: app[SESSIONS]),
        upload_link=lambda openid, item: link_for(app, "wechat", openid, item),
        media=MediaFetcher(downloader(client), app[FILES], settings.upload_max_bytes))
    app[ENDPOINT] = endpoint
    app[CLIENT] = client
    api = WeChatApi(settings.wechat_app_id or "", secret, settings.wechat_api_base,
                    lambda: app[SESSIONS])
    app[OUTBOX].add(WeChatDelivery(api, lambda: app[SESSIONS],
                                   template_id=settings.wechat_template_id,
                                   per_second=PER_SECOND / settings.workers))
    app.router.add_get("/wechat", endpoint.get)
    app.router.add_post("/wechat", endpoint.post)

    async def sender(app: web.Application) -> AsyncIterator[None]:
        SharedToken(client, lambda: app[SESSIONS], asyncio.get_running_loop()).install()
        async with running(endpoint.sender.run()):
            try:
                yield
            finally:
                await drain(endpoint.settle())
                await api.close()

    app.cleanup_ctx.append(sender)
