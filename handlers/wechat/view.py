"""`/wechat`: URL verification, and one passive reply per message within WeChat's budget.

WeChat waits 5 seconds for the reply and then re-sends the same message, up to three times.
The turn runs as a task shared by every delivery of the same message; each delivery waits for
it until `BUDGET` seconds after the request arrived (3 s: headroom for a busy event loop and
the network, well inside WeChat's 5). In time: the first item is the passive reply and the rest
go to the customer-service sender. Too slow: the reply is `success` (WeChat shows nothing) and the
whole answer goes through the sender when the turn finishes. Whatever a message was answered
with first is what its repeated deliveries get, so four deliveries see four identical replies.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from aiohttp import web

from bot.conversation import Message, Result, message_key
from bot.runtime import CONVERSATION, SESSIONS
from bot.security import replay
from dialogs.types import Text
from handlers.wechat.inbound import to_message
from handlers.wechat.media import MediaFetcher
from handlers.wechat.render import render
from handlers.wechat.reply import text_reply
from handlers.wechat.security import (
    MAX_BODY,
    Keys,
    Refused,
    check_url_signature,
    open_message,
    seal_reply,
)
from handlers.wechat.sender import WeChatSender

log = logging.getLogger(__name__)
BUDGET = 3.0
FALLBACK = "success"
REMEMBERED = 4096
APOLOGY = "抱歉，系统出了点问题，请稍后再发一次。"


class WeChatEndpoint:
    """The view's state: keys, the sender, the turns in flight and the replies given."""

    def __init__(self, keys: Keys, sender: WeChatSender, budget: float = BUDGET,
                 upload_link: Callable[[str, str], str] | None = None,
                 media: MediaFetcher | None = None) -> None:
        self.keys = keys
        self.media = media
        self._upload_link = upload_link
        self.sender = sender
        self.budget = budget
        self._turns: dict[str, asyncio.Task[Result]] = {}
        self._answered: OrderedDict[str, str] = OrderedDict()
        self._running: set[asyncio.Task[Result]] = set()

    async def get(self, request: web.Request) -> web.Response:
        """URL verification: echo `echostr` when the signature is right."""
        try:
            check_url_signature(self.keys, dict(request.query))
        except Refused as refused:
            return web.Response(status=refused.status, text=str(refused))
        return web.Response(text=request.query.get("echostr", ""))

    async def post(self, request: web.Request) -> web.Response:
        deadline = time.monotonic() + self.budget
        query = dict(request.query)
        if request.content_length is not None and request.content_length > MAX_BODY:
            return web.Response(status=413, text="body too large")
        try:
            body = await request.content.read(MAX_BODY + 1)
            plain, key = open_message(self.keys, body, query)
            if not await replay.first_use(request.app[SESSIONS], "wechat",
                                          query.get("timestamp", ""), query.get("nonce", ""),
                                          replay.digest(plain)):
                raise Refused(403, "nonce already used for another message")
            message, parsed = to_message(plain)
        except Refused as refused:
            return web.Response(status=refused.status, text=str(refused))
        except (ValueError, KeyError, TypeError, AttributeError, OverflowError, OSError):
            return web.Response(status=400, text="unreadable message")
        if message is None:
            return web.Response(text=FALLBACK)
        text = await self._reply_text(request, message, deadline)
        if text == FALLBACK:
            return web.Response(text=FALLBACK)
        reply = text_reply(str(parsed.target), str(parsed.source), text)
        nonce = query.get("nonce", "")
        timestamp = query.get("timestamp", "") or str(int(time.time()))
        return web.Response(text=seal_reply(self.keys, key, reply, nonce, timestamp),
                            content_type="application/xml")

    async def _reply_text(self, request: web.Request, message: Message,
                          deadline: float) -> str:
        key = message_key(message)
        if key in self._answered:
            return self._answered[key]
        task = self._turns.get(key)
        if task is None:
            task = asyncio.create_task(self._turn(request, message, key))
            self._turns[key] = task
            self._running.add(task)
            task.add_done_callback(self._running.discard)
        done, _ = await asyncio.wait({task}, timeout=max(0.0, deadline - time.monotonic()))
        if key in self._answered:
            return self._answered[key]
        if not done:
            self._remember(key, FALLBACK)
            return FALLBACK
        return self._answered.get(key, FALLBACK)

    async def _turn(self, request: web.Request, message: Message, key: str) -> Result:
        """Run the turn; decide the passive text if nobody has answered yet, queue the rest."""
        try:
            await self.sender.heard_from(message.external_id)
            result = await self._handle(request, message)
        except Exception:
            log.exception("wechat: the turn failed")
            self._remember(key, FALLBACK)
            self.sender.enqueue(message.external_id, [APOLOGY])
            return Result(outbound=[])
        finally:
            self._turns.pop(key, None)
        link = self._link_for(message.external_id)
        texts = [part for item in result.outbound for part in render(item, link)]
        if key in self._answered:
            if not result.duplicate:
                self.sender.enqueue(message.external_id, texts)
            return result
        passive = texts[0] if texts else FALLBACK
        self._remember(key, passive)
        if not result.duplicate:
            self.sender.enqueue(message.external_id, texts[1:])
        return result

    async def _handle(self, request: web.Request, message: Message) -> Result:
        """Fetch a sent image first (a refusal is the whole answer), then run the turn."""
        if message.file is not None and self.media is not None:
            fetched = await self.media.fetch(message, request.app[SESSIONS])
            if isinstance(fetched, str):
                return Result(outbound=[Text(fetched)])
            message = fetched
        return await request.app[CONVERSATION].handle(message)

    def _link_for(self, openid: str) -> Callable[[str], str] | None:
        """Upload requests become web links: WeChat chat cannot carry PDF or DOCX files."""
        make = self._upload_link
        return None if make is None else (lambda item: make(openid, item))

    async def settle(self) -> None:
        """Wait for the turns in flight and everything they queued (tests, shutdown)."""
        while self._running:
            await asyncio.gather(*self._running, return_exceptions=True)
        await self.sender.drain()

    def _remember(self, key: str, text: str) -> None:
        self._answered.setdefault(key, text)
        while len(self._answered) > REMEMBERED:
            self._answered.popitem(last=False)


def keys_from(settings: Any) -> Keys:
    aes = [s.get_secret_value() for s in (settings.wechat_aes_key,
                                          settings.wechat_aes_key_previous) if s is not None]
    return Keys(settings.wechat_token.get_secret_value(), tuple(aes),
                settings.wechat_app_id or "", compat=settings.wechat_compat_mode)
