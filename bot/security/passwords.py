"""argon2 off the event loop, in a small bounded pool.

One argon2id verification takes tens of milliseconds of CPU and 64 MiB (RFC 9106's low-memory
parameters). Run on the event loop, four clients posting logins once a second stalled every
other request by seconds; so hashing runs in `THREADS` threads (argon2-cffi releases the GIL),
and when `WAITING` more requests already queue behind them the next is refused at once with
`Busy` instead of growing the queue and the memory without bound.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

THREADS = 2
WAITING = 16
HASHER = PasswordHasher()
"""argon2-cffi's defaults are argon2id with RFC 9106's low-memory parameters."""
DUMMY_HASH = HASHER.hash("not a password anyone has")
"""Verified against when the username is unknown, so both cases cost the same."""
Result = TypeVar("Result")


class Busy(Exception):
    """Too many password checks are already running or waiting."""


def _verify(hashed: str, password: str) -> bool:
    try:
        return HASHER.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


class PasswordPool:
    """At most `threads` hashes at once and `waiting` more queued (per event loop)."""

    def __init__(self, threads: int = THREADS, waiting: int = WAITING) -> None:
        self._executor = ThreadPoolExecutor(max_workers=threads,
                                            thread_name_prefix="argon2")
        self._slots = threads + waiting
        self._taken = 0

    async def _run(self, work: Callable[..., Result], *args: str) -> Result:
        if self._taken >= self._slots:
            raise Busy
        self._taken += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(self._executor, work, *args)
        finally:
            self._taken -= 1

    async def verify(self, hashed: str | None, password: str) -> bool:
        """Whether `password` matches `hashed`; None (no such account) checks a dummy hash
        and is always False, taking the same time."""
        matched = await self._run(_verify, hashed or DUMMY_HASH, password)
        return matched and hashed is not None

    async def hash(self, password: str) -> str:
        return await self._run(HASHER.hash, password)


PASSWORDS = PasswordPool()
"""The process's pool, shared by every login and password change."""
