"""`/telegram/webhook`: check the secret header, then process the update before answering.

Any non-2xx answer makes Telegram redeliver, so everything after the secret check answers 200:
an unreadable update is logged and dropped, a failing turn is answered with an apology by the
channel. The update is committed to the inbox before it is processed, and a redelivered one
is found there and not processed twice.
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import Any

from aiogram.types import Update
from aiohttp import web
from pydantic import ValidationError

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 1024 * 1024


BIGINT = 2**63
"""Update ids are stored as 64-bit integers; Telegram's own fit in far fewer bits (Bot API,
“Update”: identifiers start from a positive number and increase sequentially), so one outside
that range is forged or garbled, and is dropped like any unreadable update."""


class TelegramWebhook:
    def __init__(self, channel: Any, secret: str) -> None:
        self.channel = channel
        self.secret = secret

    async def post(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not self.secret or not hmac.compare_digest(given.encode("utf-8", "replace"),
                                                      self.secret.encode("utf-8")):
            return web.Response(status=401, text="bad secret token")
        try:
            payload = json.loads(await request.read())
            update = Update.model_validate(payload, context={"bot": self.channel.bot})
        except (ValidationError, ValueError, UnicodeError, TypeError):
            log.warning("telegram: an unreadable update was dropped")
            return web.json_response({}, status=200)
        if not -BIGINT <= update.update_id < BIGINT:
            log.warning("telegram: an update with an impossible id was dropped")
            return web.json_response({}, status=200)
        await self.channel.accept(update, payload)
        return web.json_response({}, status=200)
