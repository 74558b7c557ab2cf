"""Queries on the channel tables: the Telegram inbox, outbound records, blocks, shared tokens.

Each function opens its own short transaction: the inbox row must be committed before the
webhook answers, and an outbound record must not depend on a turn's transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.base import utcnow
from bot.db.channels import AccessToken, BlockedRecipient, OutboundMessage, TelegramInbox

Sessions = async_sessionmaker[AsyncSession]
MAX_ATTEMPTS = 3
TOKEN_MARGIN = dt.timedelta(minutes=5)


async def store_update(sessions: Sessions, update_id: int, payload: dict[str, Any]) -> bool:
    """Write an update to the inbox, counting the first processing attempt; False if it was
    there already (a redelivery)."""
    try:
        async with sessions.begin() as session:
            session.add(TelegramInbox(update_id=update_id, payload=payload, attempts=1))
    except IntegrityError:
        return False
    return True


async def claim_update(sessions: Sessions, update_id: int) -> bool:
    """Count an attempt; False when the update is finished or has failed too often."""
    async with sessions.begin() as session:
        result = await session.execute(
            update(TelegramInbox)
            .where(TelegramInbox.update_id == update_id, TelegramInbox.status == "received",
                   TelegramInbox.attempts < MAX_ATTEMPTS)
            .values(attempts=TelegramInbox.attempts + 1))
        return bool(result.rowcount)


async def finish_update(sessions: Sessions, update_id: int, status: str) -> None:
    async with sessions.begin() as session:
        await session.execute(update(TelegramInbox).where(TelegramInbox.update_id == update_id)
                              .values(status=status, finished_at=utcnow()))


async def unfinished_updates(sessions: Sessions) -> list[dict[str, Any]]:
    """Updates received but never finished (the process stopped mid-way), oldest first."""
    async with sessions() as session:
        rows = await session.scalars(
            select(TelegramInbox.payload).where(TelegramInbox.status == "received",
                                                TelegramInbox.attempts < MAX_ATTEMPTS)
            .order_by(TelegramInbox.update_id))
        return list(rows)


async def record_outbound(sessions: Sessions, channel: str,
                          records: list[tuple[str, str, int]]) -> None:
    """Record sent messages as (recipient, status, attempts), in one transaction."""
    async with sessions.begin() as session:
        session.add_all(OutboundMessage(channel=channel, recipient=recipient, status=status,
                                        attempts=attempts)
                        for recipient, status, attempts in records)


async def set_blocked(sessions: Sessions, channel: str, recipient: str, blocked: bool) -> None:
    """Remember (or forget) that `recipient` blocked the bot."""
    try:
        async with sessions.begin() as session:
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
