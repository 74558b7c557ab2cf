"""WeChat's sender for the outbox: customer-service messages, template messages beyond the
48-hour window, and what each answer means (全局返回码说明).

- errcode 0: accepted.
- -1 系统繁忙, 45009 接口调用超过限制, HTTP 5xx, timeouts, reset connections: retried with
  backoff (45009 after a minute).
- 40001 / 42001 / 40014 (the token): `WeChatApi.post` has already refreshed it once and tried
  again; still refused, the row is retried later, never with another immediate fetch.
- 43004 需要接收者关注 (unfollowed): final; remembered as blocked until they write again.
- 40003 不合法的OpenID: final.
- 45015 回复时间超过限制 (客服消息: only within 48 hours of the person's last message) and
  45047 客服下行消息超过上限: the fallback, a template message (模板消息) when
  `AWARDBOT_WECHAT_TEMPLATE_ID` is configured; without one the row is dead-lettered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import aiohttp

from bot.db import channel_store
from bot.db.base import utcnow
from bot.db.channel_store import Sessions, TokenRejected
from bot.outbox import Accepted, Envelope, Final, Retry, Verdict
from handlers.splitting import split_message, utf8_bytes
from handlers.wechat.api import TOKEN_ERRORS, WeChatApi, WeChatApiError
from handlers.wechat.render import MAX_TEXT_BYTES

CHANNEL = "wechat"
PER_SECOND = 20.0
BUSY = frozenset({-1})
THROTTLED = 45009
THROTTLE_PAUSE = 60.0
OUTSIDE_WINDOW = frozenset({45015, 45047})
WINDOW = dt.timedelta(hours=48)
"""客服消息: sendable within 48 hours of the person's last message; a row whose person is
known to be past it goes straight to the fallback instead of a call WeChat refuses (45015)."""
NO_TEMPLATE = ("more than 48 hours since their last message, and no template message is "
               "configured")


class WeChatDelivery:
    """The outbox `Channel` for a WeChat official account."""

    name = CHANNEL
    per_chat_interval = 0.0

    def __init__(self, api: WeChatApi, sessions: Callable[[], Sessions], *,
                 template_id: str | None = None, per_second: float = PER_SECOND) -> None:
        self.api = api
        self._sessions = sessions
        self.template_id = template_id
        self.per_second = per_second

    async def deliver(self, envelope: Envelope) -> Verdict:
        if envelope.seen_at is not None and utcnow() - envelope.seen_at > WINDOW:
            return Final("outside_window", "more than 48 hours since their last message",
                         fallback=True)
        parts = split_message(envelope.text, MAX_TEXT_BYTES, utf8_bytes)
        for number in range(envelope.sent_parts, len(parts)):
            verdict = await self._send("message/custom/send", envelope, "service", {
                "touser": envelope.recipient, "msgtype": "text",
                "text": {"content": parts[number]}})
            if isinstance(verdict, Retry):
                return Retry(verdict.reason, verdict.after, sent_parts=number)
            if not isinstance(verdict, Accepted):
                return verdict
        return Accepted("service")

    async def fallback(self, envelope: Envelope) -> Verdict:
        if not self.template_id:
            return Final("outside_window", NO_TEMPLATE)
        return await self._send("message/template/send", envelope, "template", {
            "touser": envelope.recipient, "template_id": self.template_id,
            "data": {"content": {"value": envelope.text}}})

    async def _send(self, path: str, envelope: Envelope, route: str,
                    body: dict[str, Any]) -> Verdict:
        try:
            answer = await self.api.post(path, body)
        except aiohttp.ClientResponseError as error:
            return Retry(f"HTTP {error.status}")
        except (aiohttp.ClientError, TimeoutError, TokenRejected, WeChatApiError) as error:
            return Retry(f"{type(error).__name__}: {error}"[:200])
        return await self._verdict(envelope, route, answer)

    async def _verdict(self, envelope: Envelope, route: str,
                       answer: dict[str, Any]) -> Verdict:
        code = int(answer.get("errcode", 0))
        said = f"{code} {answer.get('errmsg', '')}".strip()
        if code == 0:
            return Accepted(route)
        if code in BUSY or code in TOKEN_ERRORS:
            return Retry(said)
        if code == THROTTLED:
            return Retry(said, after=THROTTLE_PAUSE)
        if code == 43004:
            await channel_store.set_blocked(self._sessions(), CHANNEL, envelope.recipient, True)
            return Final("unsubscribed", said)
        if code == 40003:
            return Final("bad_recipient", said)
        if code in OUTSIDE_WINDOW and route == "service":
            return Final("outside_window", said, fallback=True)
        return Final("rejected", said)
