"""Telling the applicant that the office changed their packet's status, on their channels.

The message goes into the applicant's transcript (the web page shows it on the next visit) and
is pushed to Telegram and WeChat when those channels are running, in the applicant's language.
It is sent after the office's transaction committed, so a rolled-back action never notifies.
`to_transcript` writes the message inside a transaction and `push` sends it after the commit;
answers to tickets use the same two steps (handlers/web/staff/tickets.py).

An office decision usually comes days after the applicant last wrote. WeChat lets an official
account send customer-service messages only within 48 hours of the person's last message; after
that the decision goes out as a template message when one is configured, and otherwise waits in
the transcript (logged), since WeChat would refuse it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from aiohttp import web
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.applications import Application
from bot.db.base import utcnow
from bot.db.models import Applicant, ChannelIdentity
from bot.runtime import SESSIONS, SETTINGS
from bot.services.push import SEND_TIMEOUT, send_template, wechat_route
from bot.transcript import append_turn
from dialogs.i18n import t
from dialogs.types import Text, outbound_to_dict
from handlers import telegram, wechat
from handlers.telegram.render import Outgoing

log = logging.getLogger(__name__)
_sending: set[asyncio.Task[None]] = set()


def message(locale: str, application: Application, note: str = "",
            items: list[str] | None = None, labels: dict[str, str] | None = None,
            kind: str = "") -> str:
    """The applicant's message for an office decision; a 不推荐 carries its reason, and the
    undoing of one says the packet is under review again."""
    if kind == "not_recommend":
        return t(locale, "staff.not_recommended", receipt=application.receipt, reason=note)
    if kind == "undo_not_recommend":
        return t(locale, "staff.reopened", receipt=application.receipt)
    status = t(locale, f"app.st_{application.status.value}")
    if application.status.value == "returned":
        names = "、".join((labels or {}).get(item, item) for item in items or [])
        return t(locale, "staff.returned", receipt=application.receipt, note=note,
                 items=names)
    return t(locale, "staff.status", receipt=application.receipt, status=status)


@dataclass(frozen=True)
class Delivery:
    """A message already in the applicant's transcript, still to be pushed to their chats."""

    text: str
    identities: tuple[tuple[str, str, dt.datetime], ...]
    """(channel, external id, when the person last wrote on it)."""


async def to_transcript(session: AsyncSession, applicant_id: int,
                        compose: Callable[[str], str]) -> Delivery:
    """Write `compose(locale)` into the applicant's transcript in the caller's transaction and
    return what `push` sends once that transaction has committed."""
    locale = await session.scalar(select(Applicant.locale).where(
        Applicant.id == applicant_id)) or "zh_CN"
    text = compose(locale)
    await append_turn(session, applicant_id, "", [outbound_to_dict(Text(text))])
    identities = (await session.execute(select(
        ChannelIdentity.channel, ChannelIdentity.external_id, ChannelIdentity.last_seen_at).where(
        ChannelIdentity.applicant_id == applicant_id))).all()
    return Delivery(text, tuple((channel.value, external_id, seen)
                                for channel, external_id, seen in identities))


def push(app: web.Application, delivery: Delivery) -> None:
    """The one place that pushes a staff message to an applicant's Telegram and WeChat (to be
    replaced by a shared push service); channels not running in this process are skipped."""
    for channel, external_id, seen in delivery.identities:
        try:
            if channel == "telegram" and telegram.CHANNEL in app:
                app[telegram.CHANNEL].pacer.submit(external_id, Outgoing(delivery.text))
            elif channel == "wechat" and wechat.ENDPOINT in app:
                _wechat(app, external_id, delivery.text, utcnow() - seen)
        except Exception:
            log.exception("staff: the applicant could not be notified on %s", channel)


def _wechat(app: web.Application, openid: str, text: str, since_seen: dt.timedelta) -> None:
    template_id = app[SETTINGS].wechat_template_id
    route = wechat_route(since_seen, template_id)
    if route == "service":
        app[wechat.ENDPOINT].sender.enqueue(openid, [text])
    elif route == "template" and wechat.CLIENT in app:
        task = asyncio.create_task(_template(app[wechat.CLIENT], openid, template_id, text))
        _sending.add(task)
        task.add_done_callback(_sending.discard)
    else:
        log.warning("staff: a WeChat applicant last wrote %s ago and no template message is "
                    "configured; the message waits in their chat history", since_seen)


async def _template(client: object, openid: str, template_id: str | None, text: str) -> None:
    try:
        await asyncio.wait_for(asyncio.to_thread(send_template, client, openid, template_id,
                                                 text), SEND_TIMEOUT)
    except Exception:
        log.exception("staff: a WeChat template message could not be sent")


async def applicant(app: web.Application, application: Application, note: str = "",
                    items: list[str] | None = None,
                    labels: dict[str, str] | None = None, kind: str = "") -> None:
    async with app[SESSIONS].begin() as session:
        delivery = await to_transcript(session, application.applicant_id, lambda locale: message(
            locale, application, note, items, labels, kind))
    push(app, delivery)
