"""What happened: consents given and withdrawn, the event log, and messages already answered."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.base import utcnow
from bot.db.models import Channel, Consent, Event, ProcessedInbound
from bot.db.store.common import DuplicateInbound, insert_ignoring, masked_for_storage

_EVENTS: Table = Event.__table__  # type: ignore[assignment]
_CONSENTS: Table = Consent.__table__  # type: ignore[assignment]
_PROCESSED: Table = ProcessedInbound.__table__  # type: ignore[assignment]
_APPEND_EVENT = insert(_EVENTS).returning(_EVENTS.c.id)
RECORD_CONSENT = insert(_CONSENTS)
"""A consent row (one or many), as `record_consent` writes it."""
_REPLY = select(_PROCESSED.c.reply).where(_PROCESSED.c.channel == bindparam("channel"),
                                          _PROCESSED.c.message_key == bindparam("key"))


@dataclass(frozen=True)
class ConsentRecord:
    """A consent in force: which notice version, when, and on which channel."""

    version: str
    given_at: dt.datetime
    channel: Channel


async def record_consent(session: AsyncSession, applicant_id: int, version: str,
                         channel: Channel | str, *, at: dt.datetime | None = None) -> None:
    """Record that the applicant agreed to privacy notice `version` on `channel`."""
    await session.execute(RECORD_CONSENT, {
        "applicant_id": applicant_id, "version": version, "channel": Channel(channel),
        "given_at": at or utcnow(), "withdrawn_at": None})


async def withdraw_consent(session: AsyncSession, applicant_id: int, *,
                           at: dt.datetime | None = None) -> int:
    """Withdraw every consent in force; returns how many there were."""
    result = await session.execute(
        update(Consent).where(Consent.applicant_id == applicant_id,
                              Consent.withdrawn_at.is_(None))
        .values(withdrawn_at=at or utcnow()))
    return int(result.rowcount)  # type: ignore[attr-defined]


async def current_consent(session: AsyncSession, applicant_id: int) -> ConsentRecord | None:
    """The most recent consent not withdrawn, or None (then only FAQ and information)."""
    row = (await session.scalars(
        select(Consent).where(Consent.applicant_id == applicant_id,
                              Consent.withdrawn_at.is_(None))
        .order_by(Consent.given_at.desc(), Consent.id.desc()).limit(1))).first()
    if row is None:
        return None
    return ConsentRecord(version=row.version, given_at=row.given_at, channel=row.channel)


async def append_event(session: AsyncSession, kind: str, payload: dict[str, Any] | None = None,
                       *, applicant_id: int | None = None, actor: str = "system") -> int:
    """Append to the event log and return the event's id.

    `actor` is a role or staff login ("applicant", "system", "staff:wang"); the applicant goes
    in `applicant_id`, so that deleting them unlinks the event. Payloads must not carry an ID
    number (`PlaintextIdNumber`).
    """
    payload = payload or {}
    payload = masked_for_storage(payload, f"the payload of event {kind!r}")
    return int((await session.execute(_APPEND_EVENT, {
        "kind": kind, "payload": payload, "applicant_id": applicant_id, "actor": actor,
        "created_at": utcnow()})).scalar_one())


async def processed_reply(session: AsyncSession, channel: Channel | str,
                          message_key: str) -> Any | None:
    """The reply stored for an inbound message already processed, or None if it is new.

    `message_key` must identify the message on its channel; for WeChat use FromUserName and
    MsgId together (MsgId alone has collided under load).
    """
    return await session.scalar(_REPLY, {"channel": Channel(channel), "key": message_key})


async def record_processed(session: AsyncSession, channel: Channel | str, message_key: str,
                           reply: Any, *, applicant_id: int | None) -> None:
    """Remember the reply to an inbound message, in the same transaction as its effects.

    If a concurrent delivery of the same message got there first, raises `DuplicateInbound`
    with that delivery's reply. `applicant_id` is None when the turn deleted the applicant.
    """
    if reply is None:
        raise ValueError("a processed message needs a reply (an empty list for none)")
    reply = masked_for_storage(reply, "a stored reply")
    channel = Channel(channel)
    inserted = await session.execute(
        insert_ignoring(session, _PROCESSED, "channel", "message_key"),
        {"channel": channel, "message_key": message_key, "applicant_id": applicant_id,
         "reply": reply, "created_at": utcnow()})
    if inserted.rowcount == 0:  # type: ignore[attr-defined]
        raise DuplicateInbound(await processed_reply(session, channel, message_key))


async def purge_processed_inbound(session: AsyncSession, *, before: dt.datetime) -> int:
    """Forget processed messages older than `before` (platforms stop retrying within minutes;
    a day is plenty); returns how many were removed."""
    result = await session.execute(delete(ProcessedInbound)
                                   .where(ProcessedInbound.created_at < before))
    return int(result.rowcount)  # type: ignore[attr-defined]
