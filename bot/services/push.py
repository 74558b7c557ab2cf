"""Pushing a text to an applicant on the channel they last used, and knowing whether it went.

One place for every unprompted message (reminders today; ticket answers and office decisions can
use it too): Telegram through the channel's pacer (so its rate limits and blocked users apply,
and the outcome is awaited), WeChat through the customer-service API while the 48-hour window
since their last message is open and a template message outside it when a template is
configured, and the web page (or the terminal) by appending to the transcript, shown on the
next visit. The outcome says `sent`, `retry` (a transient failure) or `undeliverable` with why.
Every sent text is also appended to the transcript, so the conversation history is complete.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ChannelIdentity
from bot.services.outbound import Pacer
from bot.transcript import append_turn
from dialogs.types import Text, outbound_to_dict
from handlers.telegram.render import Outgoing

log = logging.getLogger(__name__)
WECHAT_WINDOW = dt.timedelta(hours=48)
SEND_TIMEOUT = 30.0


BLOCKED = {"telegram": "the user blocked the bot", "wechat": "the user unfollowed the account"}
OUTSIDE_WINDOW = ("more than 48 hours since their last message, and no template message is "
                  "configured")


def wechat_route(since_seen: dt.timedelta, template_id: str | None
                 ) -> Literal["service", "template", "none"]:
    """How WeChat lets an official account reach someone unprompted: customer-service messages
    only within 48 hours of their last message, after that only a configured template."""
    if since_seen <= WECHAT_WINDOW:
        return "service"
    return "template" if template_id else "none"


def send_template(client: Any, openid: str, template_id: str | None, text: str) -> None:
    """One template message whose `content` field carries the whole text (synchronous)."""
    client.message.send_template(openid, template_id, {"content": {"value": text}})


@dataclass(frozen=True)
class Outcome:
    status: Literal["sent", "retry", "undeliverable"]
    channel: str
    reason: str = ""


class Pusher:
    """The channels running in this process; a channel that is not running answers `retry`."""

    def __init__(self, *, pacer: Pacer | None = None, wechat: Any = None,
                 wechat_pacer: Pacer | None = None, template_id: str | None = None,
                 timeout: float = SEND_TIMEOUT) -> None:
        self.pacer = pacer
        self.wechat = wechat
        """A wechatpy client (`send_template`, outside the 48-hour window)."""
        self.wechat_pacer = wechat_pacer
        """The WeChat sender's pacer: customer-service messages share its rate, its record of
        every message and its memory of who unfollowed, like the conversation's replies."""
        self.template_id = template_id
        self.timeout = timeout

    async def push(self, session: AsyncSession, applicant_id: int, text: str,
                   now: dt.datetime) -> Outcome:
        identity = await session.scalar(
            select(ChannelIdentity).where(ChannelIdentity.applicant_id == applicant_id)
            .order_by(ChannelIdentity.last_seen_at.desc(), ChannelIdentity.id.desc()).limit(1))
        if identity is None:
            return Outcome("undeliverable", "", "the applicant has no channel")
        channel = identity.channel.value
        try:
            if channel == "telegram":
                outcome = await self._telegram(identity.external_id, text)
            elif channel == "wechat":
                outcome = await self._wechat(identity.external_id, text,
                                             now - identity.last_seen_at)
            else:
                outcome = Outcome("sent", channel)
        except Exception as error:
            log.warning("push to applicant %s on %s failed: %s", applicant_id, channel,
                        type(error).__name__)
            outcome = Outcome("retry", channel, f"{channel}: {type(error).__name__}")
        if outcome.status == "sent":
            await append_turn(session, applicant_id, "", [outbound_to_dict(Text(text))])
        return outcome

    async def _telegram(self, chat: str, text: str) -> Outcome:
        return await self._paced(self.pacer, "telegram", chat, Outgoing(text))

    async def _paced(self, pacer: Pacer | None, channel: str, chat: str,
                     payload: Any) -> Outcome:
        if pacer is None:
            return Outcome("retry", channel, f"{channel} is not running in this process")
        record = pacer.submit(chat, payload)
        status = await asyncio.wait_for(record.outcome(), self.timeout)
        if status == "sent":
            return Outcome("sent", channel)
        if status == "blocked":
            return Outcome("undeliverable", channel, BLOCKED[channel])
        return Outcome("retry", channel, f"{channel}: {status}")

    async def _wechat(self, openid: str, text: str, since_seen: dt.timedelta) -> Outcome:
        if self.wechat is None:
            return Outcome("retry", "wechat", "wechat is not running in this process")
        route = wechat_route(since_seen, self.template_id)
        if route == "service":
            return await self._paced(self.wechat_pacer, "wechat", openid, text)
        if route == "template":
            await self._call(send_template, self.wechat, openid, self.template_id, text)
            return Outcome("sent", "wechat-template")
        return Outcome("undeliverable", "wechat", OUTSIDE_WINDOW)

    async def _call(self, method: Any, *args: Any) -> None:
        """wechatpy is synchronous: run it in a thread, never longer than the timeout."""
        await asyncio.wait_for(asyncio.to_thread(method, *args), self.timeout)
