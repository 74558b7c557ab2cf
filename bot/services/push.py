"""Pushing a text to an applicant on the channel they last used: an outbox row, never a send.

One place for every unprompted message to an applicant (reminders, office decisions, ticket
answers, the code that resumes an application elsewhere). It runs in the caller's transaction:
the text is appended to the applicant's transcript (the web page shows it on the next visit, and
the history stays complete) and, for Telegram and WeChat, queued in the outbox with an
idempotency key, so it goes out exactly when the change that caused it committed, through the
channel's sender (`bot.outbox`), retried until the platform accepts it or dead-lettered with the
reason. WeChat's 48-hour window and its template fallback are the WeChat sender's business; it
gets the moment the person last wrote to decide.

The outcome says `queued` (in the outbox), `sent` (a web or terminal applicant: the transcript
is the delivery) or `undeliverable` with why (no channel; a chat known to have blocked us).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.base import utcnow
from bot.db.channels import BlockedRecipient
from bot.db.models import Applicant, ChannelIdentity
from bot.outbox import Envelope, enqueue
from bot.outbox.store import stored_key
from bot.transcript import append_turn
from dialogs.types import Text, outbound_to_dict

PUSHED = ("telegram", "wechat")
BLOCKED = {"telegram": "the user blocked the bot", "wechat": "the user unfollowed the account"}


@dataclass(frozen=True)
class Outcome:
    status: Literal["queued", "sent", "undeliverable"]
    channel: str
    reason: str = ""
    key: str = ""
    """The outbox row's idempotency key (queued only)."""


def message_key(kind: str, applicant_id: int, text: str, moment: dt.datetime) -> str:
    """An idempotency key for a message caused at `moment` (the same change retried by its
    caller queues it once)."""
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    return f"{kind}:{applicant_id}:{digest}:{moment.isoformat()}"


class Pusher:
    """Queues pushes; stateless, so any process can push to any channel."""

    async def push(self, session: AsyncSession, applicant_id: int, text: str,
                   now: dt.datetime, *, kind: str = "reminder", key: str | None = None,
                   office: str | None = None) -> Outcome:
        identity = await session.scalar(
            select(ChannelIdentity).where(ChannelIdentity.applicant_id == applicant_id)
            .order_by(ChannelIdentity.last_seen_at.desc(), ChannelIdentity.id.desc()).limit(1))
        if identity is None:
            return Outcome("undeliverable", "", "the applicant has no channel")
        outcome = await _queue(session, identity, kind, text, office,
                               key or message_key(kind, applicant_id, text, now))
        if outcome.status != "undeliverable":
            await append_turn(session, applicant_id, "", [outbound_to_dict(Text(text))])
        return outcome


async def _queue(session: AsyncSession, identity: ChannelIdentity, kind: str, text: str,
                 office: str | None, key: str) -> Outcome:
    channel = identity.channel.value
    if channel not in PUSHED:
        return Outcome("sent", channel)
    blocked = await session.scalar(select(BlockedRecipient.id).where(
        BlockedRecipient.channel == channel,
        BlockedRecipient.recipient == identity.external_id))
    if blocked is not None:
        return Outcome("undeliverable", channel, BLOCKED[channel])
    await enqueue(session, Envelope(channel, identity.external_id, kind, key, text,
                                    applicant_id=identity.applicant_id, office=office,
                                    seen_at=identity.last_seen_at))
    return Outcome("queued", channel, key=stored_key(key))


async def notify_everywhere(session: AsyncSession, applicant_id: int,
                            compose: Callable[[str], str], *, kind: str,
                            office: str | None = None) -> str:
    """An office's message (a decision, a ticket's answer) in the applicant's language: in
    their transcript, and queued for each of their Telegram and WeChat chats, in the caller's
    transaction, so a rolled-back action never notifies. Returns the text."""
    locale = await session.scalar(select(Applicant.locale).where(
        Applicant.id == applicant_id)) or "zh_CN"
    text = compose(locale)
    await append_turn(session, applicant_id, "", [outbound_to_dict(Text(text))])
    key = message_key(kind, applicant_id, text, utcnow())
    identities = await session.scalars(select(ChannelIdentity).where(
        ChannelIdentity.applicant_id == applicant_id).order_by(ChannelIdentity.id))
    for identity in identities:
        await _queue(session, identity, kind, text, office,
                     f"{key}:{identity.channel.value}:{identity.external_id}")
    return text
