"""Queries on the channel tables: the Telegram inbox, outbound records, blocks, shared tokens.

Each function opens its own short transaction: the inbox row must be committed before the
webhook answers, and an outbound record must not depend on a turn's transaction. The writers
take lists, so that rows arriving together share one transaction (`bot.db.group_commit`), and
queue on the process's SQLite writer slot (`bot.db.session.write_slot`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.base import utcnow
from bot.db.channels import AccessToken, BlockedRecipient, OutboundMessage, TelegramInbox
from bot.db.session import write_slot
from bot.db.store.common import insert_for

Sessions = async_sessionmaker[AsyncSession]
MAX_ATTEMPTS = 3
TOKEN_MARGIN = dt.timedelta(minutes=5)


async def store_update(sessions: Sessions, update_id: int, payload: dict[str, Any]) -> bool:
    """Write an update to the inbox, counting the first processing attempt; False if it was
    there already (a redelivery)."""
    return (await store_updates(sessions, [(update_id, payload)]))[0]


async def store_updates(sessions: Sessions,
                        updates: list[tuple[int, dict[str, Any]]]) -> list[bool]:
    """`store_update` for several updates in one transaction, one answer per update (a second
    copy of an update in the same list is a redelivery too)."""
    first: dict[int, dict[str, Any]] = {}
    for update_id, payload in updates:
        first.setdefault(update_id, payload)
    table: Table = TelegramInbox.__table__  # type: ignore[assignment]
    async with write_slot(sessions), sessions.begin() as session:
        now = utcnow()
        inserted = set((await session.execute(
            insert_for(session, table)
            .values([{"update_id": update_id, "payload": payload, "status": "received",
                      "attempts": 1, "received_at": now}
                     for update_id, payload in first.items()])
            .on_conflict_do_nothing(index_elements=["update_id"])
            .returning(table.c.update_id))).scalars())
    answers = []
    for update_id, _ in updates:
        answers.append(update_id in inserted)
        inserted.discard(update_id)
    return answers


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
    await finish_updates(sessions, [(update_id, status)])


async def finish_updates(sessions: Sessions, finished: list[tuple[int, str]]) -> list[None]:
    """Mark updates done or failed, in one transaction (one None per update, for
    `GroupCommit`)."""
    by_status: dict[str, list[int]] = {}
    for update_id, status in finished:
        by_status.setdefault(status, []).append(update_id)
    async with write_slot(sessions), sessions.begin() as session:
        for status, update_ids in by_status.items():
            await session.execute(update(TelegramInbox)
                                  .where(TelegramInbox.update_id.in_(update_ids))
                                  .values(status=status, finished_at=utcnow()))
    return [None] * len(finished)


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
    now = utcnow()
    async with write_slot(sessions), sessions.begin() as session:
        await session.execute(insert(OutboundMessage.__table__), [
            {"channel": channel, "recipient": recipient, "status": status,
             "attempts": attempts, "created_at": now}
            for recipient, status, attempts in records])
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
    else already replaced is simply returned). The row is locked while refreshing (FOR UPDATE on
    PostgreSQL; SQLite's single writer does the same), so only one process fetches at a time
    and the others then read the fresh token."""
    try:
        async with sessions.begin() as session:
            session.add(AccessToken(name=name, token="", expires_at=dt.datetime(
                1970, 1, 1, tzinfo=dt.UTC)))
    except IntegrityError:
        pass
    async with sessions.begin() as session:
        if session.bind.dialect.name == "sqlite":
            await session.execute(update(AccessToken).where(AccessToken.name == name)
                                  .values(name=name))
        row = await session.get(AccessToken, name, with_for_update=True,
                                populate_existing=True)
        if row is None:
            raise RuntimeError(f"access token row {name} vanished")
        fresh = row.token and row.expires_at - TOKEN_MARGIN > utcnow()
        if fresh and row.token != rejected:
            return row.token
        token, seconds = await fetch()
        row.token = token
        row.expires_at = utcnow() + dt.timedelta(seconds=seconds)
        row.updated_at = utcnow()
        return token
