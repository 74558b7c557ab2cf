"""Group commit: many small writes that arrive together go to the database as one transaction.

Under load, dozens of webhook requests each want to commit one tiny row (an inbox entry, a
"done" mark, an outbound record). A transaction costs a few round trips to the database
whatever its size, and on SQLite they all queue for the one writer, so one row per transaction
makes the queue the bottleneck. Here each caller hands over its item and waits; one writer
task takes everything waiting, writes it at once, and goes on while more is waiting. Every
caller returns only after the transaction holding its item has committed (or gets that
transaction's error).

The writer is a task of its own rather than whichever caller came first: a caller that is
cancelled (its request was cut) cancels only its own wait, never the write of the items
queued with it, and the callers waiting do not each take a lock in turn just to find their
outcome already there.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

Item = TypeVar("Item")
Outcome = TypeVar("Outcome")


class GroupCommit(Generic[Item, Outcome]):
    """Calls `write(items)` for the items waiting together; it returns one outcome per item,
    in order, after its transaction committed."""

    def __init__(self, write: Callable[[list[Item]], Awaitable[Sequence[Outcome]]], *,
                 take: Callable[[list[Item]], list[int]] | None = None) -> None:
        """`take(waiting)` picks the positions of the waiting items the next write gets (by
        default all); the others wait for a later write, in their order."""
        self._write = write
        self._take = take
        self._waiting: list[tuple[Item, asyncio.Future[Outcome]]] = []
        self._writer: asyncio.Task[None] | None = None

    async def __call__(self, item: Item) -> Outcome:
        """Write `item` (with whatever else is waiting) and return its outcome."""
        future: asyncio.Future[Outcome] = asyncio.get_running_loop().create_future()
        self._waiting.append((item, future))
        if self._writer is None:
            self._writer = asyncio.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        try:
            while self._waiting:
                await self._run(self._next_batch())
        except BaseException:
            left, self._waiting = self._waiting, []
            for _, future in left:
                if not future.done():
                    future.set_exception(RuntimeError("the group writer was stopped"))
            raise
        finally:
            self._writer = None

    def _next_batch(self) -> list[tuple[Item, asyncio.Future[Outcome]]]:
        waiting, self._waiting = self._waiting, []
        if self._take is None:
            return waiting
        chosen = set(self._take([item for item, _ in waiting]))
        self._waiting = [entry for index, entry in enumerate(waiting) if index not in chosen]
        return [entry for index, entry in enumerate(waiting) if index in chosen]

    async def _run(self, batch: list[tuple[Item, asyncio.Future[Outcome]]]) -> None:
        try:
            outcomes = await self._write([item for item, _ in batch])
        except BaseException as error:
            failure = error if isinstance(error, Exception) else RuntimeError(
                "the group write was interrupted")
            for _, future in batch:
                if not future.done():
                    future.set_exception(failure)
            if not isinstance(error, Exception):
                raise
            return
        for (_, future), outcome in zip(batch, outcomes, strict=True):
            if not future.done():
                future.set_result(outcome)
