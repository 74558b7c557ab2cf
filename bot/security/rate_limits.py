"""Rate limits on the public endpoints: fixed windows counted where every worker sees them.

One applicant sent 300 `/send` and one address made 200 new identities at 95 a second, all
accepted. Each limit counts hits per key (an identity, an address) in windows of `seconds`;
past `hits` the request is answered 429 with `Retry-After` (the seconds left in the window)
and a polite message, and nothing else happens. On PostgreSQL the counts live in one table,
incremented atomically (`INSERT … ON CONFLICT DO UPDATE … RETURNING`), so several workers
share them; on SQLite, which runs one process, they live in that process's memory.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.security.tables import RateWindow


@dataclass(frozen=True)
class Limit:
    name: str
    hits: int
    seconds: int


SEND = Limit("send", 30, 60)
"""Per applicant: a person taps or types a few times a minute; 30 covers double taps."""
SEND_ADDRESS = Limit("send-address", 600, 60)
"""Per address: many applicants may share one (a carrier's NAT, a training centre)."""
UPLOAD = Limit("upload", 30, 600)
"""Per applicant: each post may carry several pages; 30 posts in ten minutes."""
NEW_IDENTITY = Limit("new-identity", 30, 600)
"""Per address: new applicants starting a conversation."""
LOGIN = Limit("login", 60, 60)
"""Per address: staff login posts, before the password throttle even looks."""


KEEP_SECONDS = 86400
"""Windows older than this are over for every limit and are purged."""
PURGE_EVERY = 60.0


def _key(limit: Limit, subject: str) -> str:
    return hashlib.sha256(f"{limit.name}\n{subject}".encode()).hexdigest()


class Limiter(Protocol):
    """Counts one hit and says how long to wait (0: within the limit)."""

    async def hit(self, limit: Limit, subject: str) -> int: ...


def _wait(limit: Limit, window: int, hits: int, now: float) -> int:
    """0 within the limit, else the whole seconds left in the window (at least 1)."""
    return 0 if hits <= limit.hits else max(1, math.ceil(window + limit.seconds - now))


class MemoryLimiter:
    """This process's counts (SQLite: one process serves everyone)."""

    def __init__(self, clock: Callable[[], float] | None = None) -> None:
        self._clock = clock or time.time
        self._counts: dict[tuple[str, int], int] = {}
        self._purged_at = self._clock()

    async def hit(self, limit: Limit, subject: str) -> int:
        now = self._clock()
        if now - self._purged_at > PURGE_EVERY:
            self._purge(now)
        window = int(now // limit.seconds) * limit.seconds
        slot = (_key(limit, subject), window)
        self._counts[slot] = hits = self._counts.get(slot, 0) + 1
        return _wait(limit, window, hits, now)

    def _purge(self, now: float) -> None:
        self._counts = {slot: hits for slot, hits in self._counts.items()
                        if slot[1] >= now - KEEP_SECONDS}
        self._purged_at = now


class DatabaseLimiter:
    """Counts in the `rate_windows` table, shared by every worker (PostgreSQL)."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession],
                 clock: Callable[[], float] | None = None) -> None:
        self._sessions = sessions
        self._clock = clock or time.time

    async def hit(self, limit: Limit, subject: str) -> int:
        now = self._clock()
        window = int(now // limit.seconds) * limit.seconds
        table = RateWindow.__table__
        statement = postgresql.insert(table).values(key=_key(limit, subject), window=window,
                                                    hits=1)
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.key, table.c.window],
            set_={"hits": table.c.hits + 1}).returning(table.c.hits)
        async with self._sessions.begin() as session:
            hits = int((await session.execute(statement)).scalar_one())
        return _wait(limit, window, hits, now)


async def forget_old_windows(session: AsyncSession, now: dt.datetime) -> int:
    """Drop the table's windows that are over for every limit (housekeeping)."""
    result = await session.execute(delete(RateWindow).where(
        RateWindow.window < int(now.timestamp()) - KEEP_SECONDS))
    return int(result.rowcount)  # type: ignore[attr-defined]


def limiter_for(sessions: async_sessionmaker[AsyncSession]) -> Limiter:
    """Shared counts on PostgreSQL, this process's on SQLite."""
    bind = sessions.kw.get("bind")
    if bind is not None and bind.dialect.name == "postgresql":
        return DatabaseLimiter(sessions)
    return MemoryLimiter()
