"""Queries on the channel tables: the Telegram inbox, outbound records, blocks, shared tokens.

Each function opens its own short transaction: the inbox row must be committed before the
webhook answers, and an outbound record must not depend on a turn's transaction. The writes
are journal entries (`write_journal`) taken as lists, so that rows arriving together share one
transaction (`bot.db.group_commit`), and they queue on the process's SQLite writer slot
(`bot.db.session.write_slot`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Table, bindparam, delete, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.base import utcnow
from bot.db.channels import AccessToken, BlockedRecipient, OutboundMessage, TelegramInbox
from bot.db.session import write_slot

Sessions = async_sessionmaker[AsyncSession]
MAX_ATTEMPTS = 3
TOKEN_MARGIN = dt.timedelta(minutes=5)
REFRESH_LEASE = dt.timedelta(seconds=20)
MIN_REFRESH_INTERVAL = dt.timedelta(seconds=120)
LEASE_POLL = 0.05
_INBOX: Table = TelegramInbox.__table__  # type: ignore[assignment]
_FINISH = (update(_INBOX)
           .where(_INBOX.c.update_id.in_(bindparam("update_ids", expanding=True)))
           .values(status=bindparam("status"), finished_at=bindparam("finished_at"),
                   payload={}))
"""Finishing an update also empties its payload: the message's text (an ID number, a
name) is only kept while the update may still have to be processed again; after that the
dialog's own tables hold what the applicant said, encrypted where they must be, and deleted
with the applicant."""
_RECORD = insert(OutboundMessage.__table__)


@cache
def _receive(dialect: str) -> Any:
    """INSERT ... ON CONFLICT (update_id) DO NOTHING RETURNING update_id, built once."""
    upsert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return (upsert(_INBOX).on_conflict_do_nothing(index_elements=["update_id"])
            .returning(_INBOX.c.update_id))


@dataclass(frozen=True)
class Received:
    """An update to add to the inbox; its outcome is False if it was there already."""

    update_id: int
    payload: dict[str, Any]


@dataclass(frozen=True)
class Finished:
    """An update processed: `status` done or failed."""

    update_id: int
    status: str


@dataclass(frozen=True)
class Sent:
    """A message handed to a channel's sender, with its outcome."""

    channel: str
    recipient: str
    status: str
    attempts: int


JournalEntry = Received | Finished | Sent


async def write_journal(sessions: Sessions, entries: list[JournalEntry]) -> list[bool | None]:
    """Write a channel's bookkeeping in one transaction: new inbox rows (a second copy of an
    update in the same list is a redelivery too), updates finished, messages sent. One
    outcome per entry: for `Received`, whether it was new; None for the others.

    A turn's webhook request writes three of these at different moments; one transaction for
    whatever is waiting (`bot.db.group_commit`) costs one commit where there were three, which
    under load is most of a channel's database time.
    """
    received: dict[int, dict[str, Any]] = {}
    finished: dict[str, list[int]] = {}
    sent: list[dict[str, Any]] = []
    now = utcnow()
    for entry in entries:
        if isinstance(entry, Received):
            received.setdefault(entry.update_id, entry.payload)
        elif isinstance(entry, Finished):
            finished.setdefault(entry.status, []).append(entry.update_id)
        else:
            sent.append({"channel": entry.channel, "recipient": entry.recipient,
                         "status": entry.status, "attempts": entry.attempts,
                         "created_at": now})
    inserted: set[int] = set()
    async with write_slot(sessions), sessions.begin() as session:
        if received:
            inserted = set((await session.execute(
                _receive(session.get_bind().dialect.name),
                [{"update_id": update_id, "payload": payload, "status": "received",
                  "attempts": 1, "received_at": now}
                 for update_id, payload in received.items()])).scalars())
        for status, update_ids in finished.items():
            await session.execute(_FINISH, {"status": status, "finished_at": now,
                                            "update_ids": update_ids})
        if sent:
            await session.execute(_RECORD, sent)
    outcomes: list[bool | None] = []
    for entry in entries:
        if isinstance(entry, Received):
            outcomes.append(entry.update_id in inserted)
            inserted.discard(entry.update_id)
        else:
            outcomes.append(None)
    return outcomes


async def store_update(sessions: Sessions, update_id: int, payload: dict[str, Any]) -> bool:
    """Write an update to the inbox, counting the first processing attempt; False if it was
    there already (a redelivery)."""
    return bool((await write_journal(sessions, [Received(update_id, payload)]))[0])


async def claim_update(sessions: Sessions, update_id: int) -> bool:
    """Count an attempt; False when the update is finished or has failed too often."""
    async with write_slot(sessions), sessions.begin() as session:
        result = await session.execute(
            update(TelegramInbox)
            .where(TelegramInbox.update_id == update_id, TelegramInbox.status == "received",
                   TelegramInbox.attempts < MAX_ATTEMPTS)
            .values(attempts=TelegramInbox.attempts + 1))
        return bool(result.rowcount)


async def finish_update(sessions: Sessions, update_id: int, status: str) -> None:
    await write_journal(sessions, [Finished(update_id, status)])


async def unfinished_updates(sessions: Sessions) -> list[dict[str, Any]]:
    """Updates received but never finished (the process stopped mid-way), oldest first."""
    async with sessions() as session:
        rows = await session.scalars(
            select(TelegramInbox.payload).where(TelegramInbox.status == "received",
                                                TelegramInbox.attempts < MAX_ATTEMPTS)
            .order_by(TelegramInbox.update_id))
        return list(rows)


async def record_outbound(sessions: Sessions, channel: str,
                          records: list[tuple[str, str, int]]) -> list[None]:
    """Record sent messages as (recipient, status, attempts), in one transaction (one None
    per record, for `GroupCommit`)."""
    await write_journal(sessions, [Sent(channel, *record) for record in records])
    return [None] * len(records)


async def set_blocked(sessions: Sessions, channel: str, recipient: str, blocked: bool) -> None:
    """Remember (or forget) that `recipient` blocked the bot."""
    try:
        async with write_slot(sessions), sessions.begin() as session:
            await session.execute(delete(BlockedRecipient).where(
                BlockedRecipient.channel == channel, BlockedRecipient.recipient == recipient))
            if blocked:
                session.add(BlockedRecipient(channel=channel, recipient=recipient))
    except IntegrityError:
        return


async def blocked_recipients(sessions: Sessions, channel: str) -> set[str]:
    async with sessions() as session:
        rows = await session.scalars(select(BlockedRecipient.recipient)
                                     .where(BlockedRecipient.channel == channel))
        return set(rows)


async def shared_token(sessions: Sessions, name: str,
                       fetch: Callable[[], Awaitable[tuple[str, int]]], *,
                       rejected: str | None = None) -> str:
    """The stored token for `name`, refreshed with `fetch` (token, seconds valid) when it is
    missing, close to expiry, or is the token the platform just `rejected` (a token someone
    else already replaced is simply returned, so many sends that saw one token fail cause one
    fetch).

    One refresh at a time across processes, and never inside a transaction: a process takes
    the row's refresh lease (`refreshing_until`) in a short transaction of its own, fetches with
    no transaction open, then stores the token; the others wait for the new token (a process
    that died mid-fetch loses its lease after `REFRESH_LEASE`). A token refreshed less than
    `MIN_REFRESH_INTERVAL` ago is not replaced again even if rejected (`TokenRejected`): a
    platform that refuses every token must not cost a fetch per message, WeChat allows about
    2,000 a day."""
    try:
        async with write_slot(sessions), sessions.begin() as session:
            session.add(AccessToken(name=name, token="", expires_at=dt.datetime(
                1970, 1, 1, tzinfo=dt.UTC)))
    except IntegrityError:
        pass
    deadline = utcnow() + REFRESH_LEASE
    while True:
        async with sessions() as session:
            row = await session.get(AccessToken, name, populate_existing=True)
        if row is None:
            raise RuntimeError(f"access token row {name} vanished")
        now = utcnow()
        fresh = bool(row.token) and row.expires_at - TOKEN_MARGIN > now
        if fresh and row.token != rejected:
            return row.token
        recent = row.rejected_refresh_at is not None and (
            row.rejected_refresh_at + MIN_REFRESH_INTERVAL > now)
        if fresh and recent:
            raise TokenRejected(f"{name} replaced a rejected token moments ago and is "
                                "rejected too")
        if await _take_lease(sessions, name, row.token, now):
            return await _refresh(sessions, name, fetch, rejected=fresh)
        if now > deadline:
            raise TimeoutError(f"waiting for another process to refresh {name}")
        await asyncio.sleep(LEASE_POLL)


class TokenRejected(Exception):
    """The platform rejected a token that was refreshed only moments ago: try later."""


async def _take_lease(sessions: Sessions, name: str, seen: str, now: dt.datetime) -> bool:
    """Become the one process refreshing `name`, unless another holds a live lease or has
    replaced the token `seen` meanwhile."""
    async with write_slot(sessions), sessions.begin() as session:
        result = await session.execute(
            update(AccessToken).where(
                AccessToken.name == name, AccessToken.token == seen,
                or_(AccessToken.refreshing_until.is_(None),
                    AccessToken.refreshing_until < now))
            .values(refreshing_until=now + REFRESH_LEASE))
        return bool(result.rowcount)


async def _refresh(sessions: Sessions, name: str,
                   fetch: Callable[[], Awaitable[tuple[str, int]]], *, rejected: bool) -> str:
    """Fetch (no transaction open) and store; `rejected`: it replaces a token refused while
    still valid."""
    try:
        token, seconds = await fetch()
    except BaseException:
        async with write_slot(sessions), sessions.begin() as session:
            await session.execute(update(AccessToken).where(AccessToken.name == name)
                                  .values(refreshing_until=None))
        raise
    now = utcnow()
    async with write_slot(sessions), sessions.begin() as session:
        await session.execute(update(AccessToken).where(AccessToken.name == name).values(
            token=token, expires_at=now + dt.timedelta(seconds=seconds), updated_at=now,
            refreshing_until=None, rejected_refresh_at=now if rejected else None))
    return token
