"""Outbound pacing for a channel: a global rate, a per-chat rate, and the server's retry_after.

Telegram allows about 30 messages a second overall and about one a second per chat, and answers
429 with `retry_after` when pushed harder. Each chat has its own queue, so a pause for one chat
never delays another; a chat whose user blocked the bot is dropped and never sent to again.
Every message handed over is recorded with its outcome, which a caller can also await
(`Record.outcome()`). Clock and sleep are injectable so tests can check the timing without
waiting for it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)
RECENT = 1000
CATCH_UP = 0.5


class RetryAfter(Exception):
    """The platform asked us to wait `seconds` before sending to this chat again."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds}s")
        self.seconds = seconds


class Blocked(Exception):
    """The user blocked the bot (or deleted their account): stop sending to them."""


@dataclass
class Record:
    chat: str
    payload: Any
    status: str = "queued"
    sent_at: float | None = None
    attempts: int = 0
    done: asyncio.Event = field(default_factory=asyncio.Event, repr=False, compare=False)

    async def outcome(self) -> str:
        """Wait until the pacer is finished with this message: sent, blocked or failed."""
        await self.done.wait()
        return self.status


@dataclass
class _Chat:
    queue: asyncio.Queue[Record] = field(default_factory=asyncio.Queue)
    next_at: float = 0.0
    task: asyncio.Task[None] | None = None


class Pacer:
    """Sends payloads through `send(chat, payload)` respecting the limits above."""

    def __init__(self, send: Callable[[str, Any], Awaitable[None]], *, per_second: float = 30,
                 per_chat_interval: float = 1.0, max_attempts: int = 5,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
                 on_done: Callable[[Record], Awaitable[None]] | None = None) -> None:
        self._send = send
        self._global_interval = 1.0 / per_second
        self._chat_interval = per_chat_interval
        self._max_attempts = max_attempts
        self._clock = clock
        self._sleep = sleep
        self._global_next = 0.0
        self._global_lock = asyncio.Lock()
        self._chats: dict[str, _Chat] = {}
        self._on_done = on_done
        self._pending: set[asyncio.Task[None]] = set()
        self.blocked: set[str] = set()
        self.records: deque[Record] = deque(maxlen=RECENT)

    def submit(self, chat: str, payload: Any) -> Record:
        """Queue one message; returns its record (status becomes sent, blocked or failed)."""
        record = Record(chat, payload)
        self.records.append(record)
        if chat in self.blocked:
            record.status = "blocked"
            record.done.set()
            if self._on_done is not None:
                task = asyncio.create_task(self._on_done(record))
                self._pending.add(task)
                task.add_done_callback(self._pending.discard)
            return record
        state = self._chats.setdefault(chat, _Chat())
        state.queue.put_nowait(record)
        if state.task is None or state.task.done():
            state.task = asyncio.create_task(self._drain(chat, state))
        return record

    async def join(self) -> None:
        """Wait until every queued message has been sent or given up on."""
        for state in list(self._chats.values()):
            await state.queue.join()
        await asyncio.gather(*self._pending)

    async def close(self) -> None:
        for state in self._chats.values():
            if state.task is not None:
                state.task.cancel()
        await asyncio.gather(*(s.task for s in self._chats.values() if s.task is not None),
                             return_exceptions=True)

    async def _wait_until(self, moment: float) -> None:
        delay = moment - self._clock()
        if delay > 0:
            await self._sleep(delay)

    async def _global_slot(self) -> None:
        """Take the next slot of the global schedule. Slots are kept on an absolute schedule,
        so a wake-up the busy event loop made late is made up by the following slots (within
        `CATCH_UP` seconds) instead of slowing the whole run below the rate; after an idle
        pause the schedule starts afresh, so there is no burst."""
        async with self._global_lock:
            if self._clock() - self._global_next > CATCH_UP:
                self._global_next = self._clock()
            await self._wait_until(self._global_next)
            self._global_next += self._global_interval

    async def _drain(self, chat: str, state: _Chat) -> None:
        while not state.queue.empty():
            record = state.queue.get_nowait()
            try:
                await self._deliver(chat, state, record)
                record.done.set()  # a waiting caller need not wait for the recording below
                if self._on_done is not None:
                    await self._on_done(record)
            except Exception:
                log.exception("outbound: recording a sent message failed")
            finally:
                record.done.set()
                state.queue.task_done()

    async def _deliver(self, chat: str, state: _Chat, record: Record) -> None:
        while record.attempts < self._max_attempts:
            if chat in self.blocked:
                record.status = "blocked"
                return
            await self._wait_until(state.next_at)
            await self._global_slot()
            record.attempts += 1
            try:
                await self._send(chat, record.payload)
            except RetryAfter as retry:
                state.next_at = self._clock() + retry.seconds
                continue
            except Blocked:
                self.blocked.add(chat)
                record.status = "blocked"
                return
            except Exception:
                log.exception("outbound: a message could not be sent")
                record.status = "failed"
                return
            record.status = "sent"
            record.sent_at = self._clock()
            state.next_at = record.sent_at + self._chat_interval
            return
        record.status = "failed"
