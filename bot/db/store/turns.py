"""What a conversation turn needs to know before it runs, read in one statement.

Every inbound message asks three things: was it answered already (a retried delivery), who is
the sender, and where is their dialog. One SELECT answers all three (a one-row anchor, outer
joined to the sender's identity and dialog, with the stored reply as a scalar subquery), so a
turn starts with one round trip instead of three, and it is a plain read: the caller runs it
before queueing for the writer, and the version check on save catches anything that changes in
between.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, and_, bindparam, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.base import utcnow
from bot.db.models import Applicant, Channel, ChannelIdentity, DialogSession, ProcessedInbound
from bot.db.store.common import ConcurrentUpdate
from bot.db.store.dialog import DialogState
from bot.db.store.identities import ApplicantRef, find_or_create_applicant

_IDENTITIES: Table = ChannelIdentity.__table__  # type: ignore[assignment]
_APPLICANTS: Table = Applicant.__table__  # type: ignore[assignment]
_DIALOGS: Table = DialogSession.__table__  # type: ignore[assignment]
_PROCESSED: Table = ProcessedInbound.__table__  # type: ignore[assignment]
_CHANNEL = bindparam("channel", type_=_IDENTITIES.c.channel.type)
_ANCHOR = select(literal(1).label("one")).subquery("anchor")
_SEEN = select(_PROCESSED.c.reply).where(
    _PROCESSED.c.channel == _CHANNEL,
    _PROCESSED.c.message_key == bindparam("key")).scalar_subquery()
_OPEN = (
    select(_SEEN.label("seen"), _IDENTITIES.c.id.label("identity_id"),
           _APPLICANTS.c.id.label("applicant_id"), _APPLICANTS.c.locale,
           _DIALOGS.c.state, _DIALOGS.c.version)
    .select_from(
        _ANCHOR
        .outerjoin(_IDENTITIES, and_(_IDENTITIES.c.channel == _CHANNEL,
                                     _IDENTITIES.c.external_id == bindparam("external_id")))
        .outerjoin(_APPLICANTS, _APPLICANTS.c.id == _IDENTITIES.c.applicant_id)
        .outerjoin(_DIALOGS, _DIALOGS.c.applicant_id == _APPLICANTS.c.id)))
_TOUCH = (update(_IDENTITIES).where(_IDENTITIES.c.id == bindparam("identity"))
          .values(last_seen_at=bindparam("now")))
_TOUCH_SENDERS = (
    update(_IDENTITIES)
    .where(_IDENTITIES.c.channel == bindparam("sender_channel",
                                              type_=_IDENTITIES.c.channel.type),
           _IDENTITIES.c.external_id.in_(bindparam("external_ids", expanding=True)))
    .values(last_seen_at=bindparam("now"))
    .returning(_IDENTITIES.c.external_id, _IDENTITIES.c.applicant_id))
_SENDER_STATES = (
    select(_APPLICANTS.c.id, _APPLICANTS.c.locale, _DIALOGS.c.state, _DIALOGS.c.version)
    .select_from(_APPLICANTS.outerjoin(_DIALOGS, _DIALOGS.c.applicant_id == _APPLICANTS.c.id))
    .where(_APPLICANTS.c.id.in_(bindparam("applicant_ids", expanding=True))))
_STORED_REPLIES = select(_PROCESSED.c.message_key, _PROCESSED.c.reply).where(
    _PROCESSED.c.channel == _CHANNEL,
    _PROCESSED.c.message_key.in_(bindparam("keys", expanding=True)))


@dataclass(frozen=True)
class OpenedTurn:
    """The reply stored for this message (None if it is new), and the sender as last saved:
    no identity on first contact, version 0 before the first save."""

    reply: Any | None
    identity_id: int | None
    applicant_id: int | None
    locale: str | None
    dialog: DialogState


async def open_turn(session: AsyncSession, channel: Channel | str, external_id: str,
                    message_key: str) -> OpenedTurn:
    """Everything a turn reads first, in one statement (see the module docstring)."""
    row = (await session.execute(_OPEN, {"channel": Channel(channel), "key": message_key,
                                         "external_id": external_id})).one()
    dialog = DialogState(state=row.state or {}, version=row.version or 0)
    return OpenedTurn(reply=row.seen, identity_id=row.identity_id,
                      applicant_id=row.applicant_id, locale=row.locale, dialog=dialog)


async def claim_applicant(session: AsyncSession, opened: OpenedTurn, channel: Channel | str,
                          external_id: str, *, locale: str = "zh_CN") -> ApplicantRef:
    """The sender `open_turn` found, marked as seen now; created (with `locale`) on first
    contact.

    Marking is the turn's first write. On PostgreSQL it locks the identity row until the turn
    commits, so a deletion or another turn of the same person waits for this one; if the
    identity is gone since the read (the applicant was deleted), `ConcurrentUpdate` sends the
    turn back to read again.
    """
    if opened.identity_id is None or opened.applicant_id is None or opened.locale is None:
        return await find_or_create_applicant(session, channel, external_id, locale=locale)
    touched = await session.execute(_TOUCH, {"identity": opened.identity_id, "now": utcnow()})
    if touched.rowcount != 1:  # type: ignore[attr-defined]
        raise ConcurrentUpdate(f"applicant {opened.applicant_id} was deleted during the turn")
    return ApplicantRef(id=opened.applicant_id, locale=opened.locale, created=False)


@dataclass(frozen=True)
class Sender:
    """A known sender of a batch, as `open_turns` found them."""

    applicant_id: int
    locale: str
    dialog: DialogState


async def open_turns(session: AsyncSession, channel: Channel | str, external_ids: list[str],
                     message_keys: list[str]) -> tuple[dict[str, Any], dict[str, Sender]]:
    """What a batch of turns on one channel reads first, inside the batch's transaction: the
    replies already stored for any of `message_keys` (by key), and the known senders of the
    other messages (by external id; `external_ids` and `message_keys` go in pairs), marked as
    seen now. A repeated delivery changes nothing, not even when its sender was last seen.

    The marking is the batch's first write: on SQLite the reads after it see the database as
    the batch's transaction will change it, and on PostgreSQL it locks the identity rows until
    the batch commits, so another turn of the same person through the same address waits for
    this batch. A copy of a message that another worker commits between the first read and
    the marking is refused by `processed_inbound`'s unique key when the batch writes, and the
    batch then runs alone; a turn through another address of the same applicant is caught by
    the dialog's version.
    """
    channel = Channel(channel)
    replies = {row.message_key: row.reply for row in await session.execute(
        _STORED_REPLIES, {"channel": channel, "keys": message_keys})}
    fresh = [external_id for external_id, key in zip(external_ids, message_keys, strict=True)
             if key not in replies]
    if not fresh:
        return replies, {}
    touched = (await session.execute(_TOUCH_SENDERS, {
        "sender_channel": channel, "external_ids": fresh, "now": utcnow()})).all()
    if not touched:
        return replies, {}
    states = {row.id: row for row in (await session.execute(_SENDER_STATES, {
        "applicant_ids": [applicant_id for _, applicant_id in touched]}))}
    senders = {}
    for external_id, applicant_id in touched:
        row = states[applicant_id]
        senders[external_id] = Sender(applicant_id=applicant_id, locale=row.locale,
                                      dialog=DialogState(state=row.state or {},
                                                         version=row.version or 0))
    return replies, senders
