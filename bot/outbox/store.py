"""Writing, claiming and settling outbox rows.

`enqueue` runs in the caller's transaction (the change that causes the message), so the row
exists exactly when the change committed. The sender claims rows in a short transaction of its
own: `FOR UPDATE SKIP LOCKED` on PostgreSQL, so several workers share the outbox and never take
the same row (SQLite has a single writer, and one sender per channel). A claimed row is
`sending` until `next_attempt_at`; the send itself happens outside any transaction, and only
the platform's answer is written afterwards (`settle`), so a row is never marked sent before
the platform accepted it, and after a crash only rows without a recorded result are sent again.

A newer message for a chat is not claimed while an older one for the same chat waits to be
retried, so one person's messages arrive in the order they were queued.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Table, exists, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import aliased

from bot.db.base import utcnow
from bot.db.session import write_slot
from bot.outbox.models import DEAD, PENDING, SENDING, SENT, OutboxMessage

Sessions = async_sessionmaker[AsyncSession]
LEASE = dt.timedelta(seconds=120)
"""How long a claim lasts: longer than any send with its timeouts and one token refresh."""
KEY_LENGTH = 128
_TABLE: Table = OutboxMessage.__table__  # type: ignore[assignment]


@dataclass(frozen=True)
class Envelope:
    """One message to queue, or one claimed row handed to a channel's sender."""

    channel: str
    recipient: str
    kind: str
    key: str
    """The idempotency key: the same key is queued (and so sent) once."""
    text: str
    buttons: tuple[tuple[str, str], ...] = ()
    """(label, callback data) of each button, one per row, where the channel has buttons."""
    applicant_id: int | None = None
    office: str | None = None
    seen_at: dt.datetime | None = None
    """When the person last wrote on this chat, if known (WeChat's 48-hour window)."""
    id: int = 0
    attempts: int = 0
    created_at: dt.datetime | None = None
    sent_parts: int = 0
    """Of a message the sender splits, the parts already accepted (`Retry.sent_parts`)."""

    def payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = {"text": self.text,
                                   "buttons": [list(button) for button in self.buttons]}
        if self.seen_at is not None:
            payload["seen_at"] = self.seen_at.isoformat()
        return payload


@dataclass(frozen=True)
class Settled:
    """The recorded result of one attempt."""

    id: int
    status: str
    attempts: int
    reason: str | None = None
    next_attempt_at: dt.datetime | None = None
    route: str | None = None
    key: str = ""
    kind: str = ""
    sent_parts: int = 0


Hook = Callable[[AsyncSession, list[Settled], dt.datetime], Awaitable[None]]
"""Told, in the transaction that records them, which rows of its kind ended sent or dead: the
feature that queued them keeps its own records true (a reminder is `sent` only now)."""


def stored_key(key: str) -> str:
    """`key` as stored: one longer than the column keeps its head and gains its digest, so
    two long keys never collide by being cut."""
    if len(key) <= KEY_LENGTH:
        return key
    return f"{key[:KEY_LENGTH - 65]}#{hashlib.sha256(key.encode()).hexdigest()}"


@cache
def _insert(dialect: str) -> Any:
    upsert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return upsert(_TABLE).on_conflict_do_nothing(index_elements=["idempotency_key"])


async def enqueue(session: AsyncSession, envelope: Envelope,
                  now: dt.datetime | None = None) -> bool:
    """Queue `envelope` in the caller's transaction; False if its key was queued before."""
    result = await session.execute(_insert(session.get_bind().dialect.name), [{
        "idempotency_key": stored_key(envelope.key), "channel": envelope.channel,
        "recipient": envelope.recipient, "kind": envelope.kind,
        "payload": envelope.payload(), "applicant_id": envelope.applicant_id,
        "office": envelope.office, "status": PENDING, "attempts": 0,
        "next_attempt_at": now or utcnow(), "created_at": now or utcnow()}])
    return bool(result.rowcount)  # type: ignore[attr-defined]


def _envelope(row: OutboxMessage) -> Envelope:
    payload = row.payload or {}
    seen = payload.get("seen_at")
    return Envelope(row.channel, row.recipient, row.kind, row.idempotency_key,
                    str(payload.get("text", "")),
                    tuple((str(label), str(data)) for label, data in payload.get("buttons", [])),
                    row.applicant_id, row.office,
                    dt.datetime.fromisoformat(seen) if seen else None,
                    row.id, row.attempts, row.created_at, int(payload.get("sent_parts", 0)))


async def claim(sessions: Sessions, channel: str, limit: int,
                now: dt.datetime | None = None, lease: dt.timedelta = LEASE) -> list[Envelope]:
    """Take up to `limit` due rows of `channel`, oldest first, for `lease`."""
    moment = now or utcnow()
    older = aliased(OutboxMessage)
    waiting_before = exists().where(
        older.channel == OutboxMessage.channel, older.recipient == OutboxMessage.recipient,
        older.id < OutboxMessage.id, older.status.in_((PENDING, SENDING)),
        older.next_attempt_at > moment)
    async with write_slot(sessions), sessions.begin() as session:
        rows = list(await session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.channel == channel,
                   OutboxMessage.status.in_((PENDING, SENDING)),
                   OutboxMessage.next_attempt_at <= moment, ~waiting_before)
            .order_by(OutboxMessage.id).limit(limit)
            .with_for_update(skip_locked=True, of=OutboxMessage)))
        if rows:
            await session.execute(
                update(OutboxMessage).where(OutboxMessage.id.in_([row.id for row in rows]))
                .values(status=SENDING, next_attempt_at=moment + lease))
        return [_envelope(row) for row in rows]


async def settle(sessions: Sessions, results: list[Settled],
                 now: dt.datetime | None = None,
                 hooks: Mapping[str, Hook] | None = None) -> None:
    """Record the results of sends in one transaction, telling each kind's hook about rows that
    ended sent or dead. A sent row's text is dropped."""
    moment = now or utcnow()
    ended: dict[str, list[Settled]] = {}
    async with write_slot(sessions), sessions.begin() as session:
        for result in results:
            values: dict[str, Any] = {"status": result.status, "attempts": result.attempts,
                                      "reason": result.reason}
            if result.status == SENT:
                values |= {"sent_at": moment, "payload": {}, "route": result.route}
            elif result.status == PENDING:
                values["next_attempt_at"] = result.next_attempt_at or moment
                if result.sent_parts:
                    payload = await session.scalar(select(OutboxMessage.payload).where(
                        OutboxMessage.id == result.id))
                    values["payload"] = {**(payload or {}), "sent_parts": result.sent_parts}
            elif result.status == DEAD:
                values["route"] = result.route
            recorded = await session.execute(update(OutboxMessage).where(
                OutboxMessage.id == result.id, OutboxMessage.status == SENDING).values(values))
            if result.status in (SENT, DEAD) and recorded.rowcount:  # type: ignore[attr-defined]
                ended.setdefault(result.kind, []).append(result)
        for kind, rows in ended.items():
            hook = (hooks or {}).get(kind)
            if hook is not None:
                await hook(session, rows, moment)


async def rows_for(sessions: Sessions, **where: Any) -> list[OutboxMessage]:
    """Rows matching column=value filters, oldest first (tests, the office's view)."""
    async with sessions() as session:
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        for column, value in where.items():
            query = query.where(getattr(OutboxMessage, column) == value)
        return list(await session.scalars(query))
