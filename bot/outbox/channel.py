"""The one protocol every channel's sender implements, and the pace it is sent at.

A sender lives in its channel's package (`handlers/telegram`, `handlers/wechat`); the outbox
worker (`bot.outbox.worker`) knows only this protocol, so feature code queues a message without
importing any channel, and the app shell wires the senders in.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Protocol

from bot.outbox.store import Envelope
from bot.outbox.verdicts import Verdict


class Channel(Protocol):
    name: str
    per_second: float
    """The platform's overall rate for this process (Telegram: about 30 a second)."""
    per_chat_interval: float
    """Seconds between two messages to one chat (Telegram: about one a second)."""

    async def deliver(self, envelope: Envelope) -> Verdict:
        """Send one message and classify the platform's answer (never raises for an answer the
        platform gave; an exception counts as a transient failure)."""
        ...

    async def fallback(self, envelope: Envelope) -> Verdict:
        """The channel's other route when `deliver` answered `Final(fallback=True)` (WeChat's
        template message outside the 48-hour window)."""
        ...


CATCH_UP = 0.5


class Pace:
    """An absolute schedule of send slots at `per_second`. A wake-up the busy event loop made
    late is made up by the following slots (within `CATCH_UP` seconds), so a long run keeps the
    rate; after an idle pause the schedule starts afresh, so there is no burst."""

    def __init__(self, per_second: float, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self._interval = 1.0 / per_second
        self._clock = clock
        self._sleep = sleep
        self._next = 0.0
        self._lock = asyncio.Lock()

    async def slot(self) -> None:
        async with self._lock:
            if self._clock() - self._next > CATCH_UP:
                self._next = self._clock()
            delay = self._next - self._clock()
            if delay > 0:
                await self._sleep(delay)
            self._next += self._interval
