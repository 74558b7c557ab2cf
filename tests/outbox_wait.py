"""Waiting, in an app test, until the app's outbox has delivered what is due.

The app's own outbox worker runs too; claims are exclusive, so draining here and waiting for
no row to be due or in flight is the same whichever of the two sends a row.
"""

from __future__ import annotations

import asyncio

from aiohttp import web
from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.base import utcnow
from bot.outbox import PENDING, SENDING, OutboxMessage
from bot.runtime import OUTBOX, SESSIONS


async def delivered(app: web.Application, timeout: float = 15.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        await app[OUTBOX].drain()
        async with app[SESSIONS]() as session:
            busy = await session.scalar(select(func.count()).select_from(OutboxMessage).where(
                or_(OutboxMessage.status == SENDING,
                    and_(OutboxMessage.status == PENDING,
                         OutboxMessage.next_attempt_at <= utcnow()))))
        if not busy:
            return
        if loop.time() > deadline:
            raise AssertionError(f"{busy} outbox rows still due after {timeout} s")
        await asyncio.sleep(0.02)


class Queued:
    """Reads what was queued in an outbox since the last read (a stand-in for the senders in
    tests of the code that queues)."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], kind: str) -> None:
        self._sessions = sessions
        self._kind = kind
        self._after = 0

    async def new(self) -> list[tuple[str, str, str]]:
        """(channel, recipient, text) of each row queued since the last call."""
        async with self._sessions() as session:
            rows = list(await session.scalars(select(OutboxMessage).where(
                OutboxMessage.kind == self._kind, OutboxMessage.id > self._after)
                .order_by(OutboxMessage.id)))
        if rows:
            self._after = rows[-1].id
        return [(row.channel, row.recipient, str(row.payload.get("text", ""))) for row in rows]
