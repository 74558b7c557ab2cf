"""The outbox worker: claims rows per channel, sends them through the channel's sender at the
platform's pace, and records each answer.

Per channel, one loop claims a batch of due rows, sends each person's rows in order (people in
parallel, each message in a slot of the channel's global rate, `per_chat_interval` apart for
one chat), and records the verdicts (`bot.outbox.verdicts`): accepted rows are `sent`, transient
failures are retried after the platform's `retry_after` or an exponential backoff (the person's
later rows wait with it, so their order holds), and final ones go through the channel's
fallback or are dead-lettered with the reason. Counted on `/metrics`.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import time
from collections.abc import Callable, Sequence

from prometheus_client import Counter

from bot.db.base import utcnow
from bot.db.group_commit import GroupCommit
from bot.outbox import store
from bot.outbox.channel import Channel, Pace
from bot.outbox.models import DEAD, PENDING, SENT
from bot.outbox.store import Envelope, Hook, Sessions, Settled
from bot.outbox.verdicts import Accepted, Backoff, Final, Retry, Verdict

log = logging.getLogger(__name__)
SEND_TIMEOUT = 30.0
BATCH = 100
POLL_SECONDS = 0.5
DEFAULT_BACKOFF = Backoff()

SENT_MESSAGES = Counter("awardbot_outbox_sent", "Outbox messages the platform accepted",
                        ["channel", "route"])
RETRIES = Counter("awardbot_outbox_retries", "Outbox sends that failed transiently and wait "
                  "to be retried", ["channel"])
DEAD_LETTERS = Counter("awardbot_outbox_dead_letters", "Outbox messages that can never be "
                       "delivered, by reason", ["channel", "reason"])


class OutboxWorker:
    """Delivers the outbox through `channels`; `wake()` after queueing skips the poll wait."""

    def __init__(self, sessions: Callable[[], Sessions], channels: Sequence[Channel], *,
                 now: Callable[[], dt.datetime] = utcnow, backoff: Backoff = DEFAULT_BACKOFF,
                 batch: int = BATCH, poll: float = POLL_SECONDS,
                 timeout: float = SEND_TIMEOUT) -> None:
        self._sessions = sessions
        self.hooks: dict[str, Hook] = {}
        """Per message kind, told when a row ends sent or dead (`store.Hook`)."""
        self.channels: dict[str, Channel] = {}
        self._paces: dict[str, Pace] = {}
        for channel in channels:
            self.add(channel)
        self._now = now
        self._backoff = backoff
        self._batch = batch
        self._poll = poll
        self._timeout = timeout
        self._last_sent: dict[tuple[str, str], float] = {}
        self._wake = asyncio.Event()
        self._settle = GroupCommit(self._write)

    def add(self, channel: Channel) -> None:
        """Register a channel's sender (the app shell does, for each channel it runs)."""
        self.channels[channel.name] = channel
        self._paces[channel.name] = Pace(channel.per_second)

    def wake(self) -> None:
        self._wake.set()

    async def run(self) -> None:
        """Deliver until cancelled (the app's cleanup context)."""
        await asyncio.gather(*(self._loop(name) for name in self.channels))

    async def drain(self) -> int:
        """Deliver everything due now, channel by channel (tests, the CLI); returns how many
        rows were attempted."""
        attempted = 0
        for name in self.channels:
            while claimed := await self.run_once(name):
                attempted += claimed
        return attempted

    async def _loop(self, name: str) -> None:
        while True:
            try:
                if await self.run_once(name):
                    continue
            except Exception:
                log.exception("outbox: the %s sender failed; retrying shortly", name)
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._poll)

    async def run_once(self, name: str) -> int:
        """Claim one batch of `name`'s due rows and deliver it; returns the rows claimed."""
        rows = await store.claim(self._sessions(), name, self._batch, self._now())
        by_chat: dict[str, list[Envelope]] = {}
        for row in rows:
            by_chat.setdefault(row.recipient, []).append(row)
        await asyncio.gather(*(self._chat(self.channels[name], chat_rows)
                               for chat_rows in by_chat.values()))
        return len(rows)

    async def _write(self, results: list[Settled]) -> list[None]:
        await store.settle(self._sessions(), results, self._now(), self.hooks)
        return [None] * len(results)

    async def _chat(self, channel: Channel, rows: list[Envelope]) -> None:
        """One person's rows in order; a retry holds the rest until the same moment."""
        results: list[Settled] = []
        for index, row in enumerate(rows):
            await self._paced(channel, row.recipient)
            settled = self._result(channel.name, row, await self._attempt(channel, row))
            results.append(settled)
            if settled.status == PENDING:
                results += [Settled(later.id, PENDING, later.attempts,
                                    "waiting for an earlier message", settled.next_attempt_at)
                            for later in rows[index + 1:]]
                break
        await asyncio.gather(*(self._settle(result) for result in results))

    async def _paced(self, channel: Channel, chat: str) -> None:
        key = (channel.name, chat)
        last = self._last_sent.get(key)
        if last is not None and channel.per_chat_interval:
            wait = last + channel.per_chat_interval - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
        await self._paces[channel.name].slot()
        self._last_sent[key] = time.monotonic()
        if len(self._last_sent) > 10_000:
            self._last_sent.clear()

    async def _attempt(self, channel: Channel, row: Envelope) -> Verdict:
        verdict = await self._guarded(channel.deliver, row)
        if isinstance(verdict, Final) and verdict.fallback:
            return await self._guarded(channel.fallback, row)
        return verdict

    async def _guarded(self, send: Callable[[Envelope], object], row: Envelope) -> Verdict:
        try:
            return await asyncio.wait_for(send(row), self._timeout)  # type: ignore[arg-type]
        except TimeoutError:
            return Retry("timeout")
        except Exception as error:
            log.warning("outbox: sending message %s raised %s", row.id, type(error).__name__)
            return Retry(type(error).__name__)

    def _result(self, channel: str, row: Envelope, verdict: Verdict) -> Settled:
        attempts = row.attempts + 1
        now = self._now()
        if isinstance(verdict, Accepted):
            SENT_MESSAGES.labels(channel, verdict.route).inc()
            return Settled(row.id, SENT, attempts, route=verdict.route, key=row.key,
                           kind=row.kind)
        if isinstance(verdict, Final):
            DEAD_LETTERS.labels(channel, verdict.code).inc()
            return Settled(row.id, DEAD, attempts, f"{verdict.code}: {verdict.reason}"[:300],
                           key=row.key, kind=row.kind)
        created = row.created_at or now
        if now - created >= self._backoff.give_up_after:
            DEAD_LETTERS.labels(channel, "gave_up").inc()
            return Settled(row.id, DEAD, attempts,
                           f"gave_up: {attempts} attempts, the last: {verdict.reason}"[:300],
                           key=row.key, kind=row.kind)
        RETRIES.labels(channel).inc()
        delay = verdict.after if verdict.after is not None else self._backoff.delay(attempts)
        return Settled(row.id, PENDING, attempts, verdict.reason[:300],
                       now + dt.timedelta(seconds=delay),
                       sent_parts=max(verdict.sent_parts, row.sent_parts))
