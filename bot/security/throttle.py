"""Password guessing slowed by growing delays per address and per (address, username).

A lock on the account let anyone lock any clerk out through a deadline and told them which
usernames exist (a known one locked, an unknown one never did). The throttle keys on what the
guesser controls instead: their address, and their address with the username typed, whether
or not it exists. The first `free` attempts under a key pass; after that each must wait twice
as long as the last (1 s, 2 s, 4 s … up to `cap`). Every attempt counts before the password is
checked, so parallel requests cannot slip extra guesses through; a success forgives the
(address, username) key and one attempt of the address. A key quiet for `QUIET` starts over.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.security.tables import LoginAttempts

QUIET = dt.timedelta(hours=1)


@dataclass(frozen=True)
class Rule:
    name: str
    free: int
    cap_seconds: int

    def key(self, *parts: str) -> str:
        return hashlib.sha256("\n".join((self.name, *parts)).encode()).hexdigest()

    def wait_after(self, attempts: int) -> float:
        if attempts < self.free:
            return 0.0
        return float(min(2 ** (attempts - self.free), self.cap_seconds))


PER_USERNAME = Rule("address+username", free=3, cap_seconds=15 * 60)
PER_ADDRESS = Rule("address", free=20, cap_seconds=15 * 60)
"""An office's clerks often share one address (a NAT), hence the larger allowance."""


def login_keys(address: str, username: str) -> list[tuple[str, Rule]]:
    typed = username.strip().casefold()
    return [(PER_USERNAME.key(address, typed), PER_USERNAME),
            (PER_ADDRESS.key(address), PER_ADDRESS)]


async def _row(session: AsyncSession, key: str, now: dt.datetime) -> LoginAttempts:
    row = await session.get(LoginAttempts, key, with_for_update=True)
    if row is None:
        try:
            async with session.begin_nested():
                row = LoginAttempts(key=key, attempts=0, last_at=now)
                session.add(row)
        except IntegrityError:
            row = await session.get(LoginAttempts, key, with_for_update=True,
                                    populate_existing=True)
            assert row is not None
    if now - row.last_at > QUIET:
        row.attempts = 0
    return row


async def admit(session: AsyncSession, keys: list[tuple[str, Rule]], now: dt.datetime) -> int:
    """Count one attempt under every key, or none when one must still wait; returns the
    seconds to wait (0: go ahead). The rows are locked (FOR UPDATE on PostgreSQL; the caller
    holds the SQLite write slot), so parallel attempts are counted one after another."""
    rows = [(await _row(session, key, now), rule) for key, rule in keys]
    waits = [(row.last_at - now).total_seconds() + rule.wait_after(row.attempts)
             for row, rule in rows]
    if max(waits) > 0:
        return math.ceil(max(waits))
    for row, _ in rows:
        row.attempts += 1
        row.last_at = now
    return 0


async def forgive(session: AsyncSession, keys: list[tuple[str, Rule]]) -> None:
    """After a success: the first key starts over, the others forget one attempt."""
    (first, _), *others = keys
    await session.execute(delete(LoginAttempts).where(LoginAttempts.key == first))
    for key, _ in others:
        row = await session.get(LoginAttempts, key)
        if row is not None and row.attempts > 0:
            row.attempts -= 1


async def forget_quiet(session: AsyncSession, now: dt.datetime) -> int:
    """Drop keys quiet for longer than `QUIET` (they would start over anyway)."""
    result = await session.execute(delete(LoginAttempts).where(
        LoginAttempts.last_at < now - QUIET))
    return int(result.rowcount)  # type: ignore[attr-defined]
