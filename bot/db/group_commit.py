"""Group commit: many small writes that arrive together go to the database as one transaction.

Under load, dozens of webhook requests each want to commit one tiny row (an inbox entry, a
"done" mark, an outbound record). A transaction costs a few round trips to the database
whatever its size, and on SQLite they all queue for the one writer, so one row per transaction
makes the queue the bottleneck. Here each caller hands over its item and waits: whoever gets
the write turn takes everything waiting and writes it at once, and every caller returns only
after the transaction holding its item has committed (or gets that transaction's error).
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

    def __init__(self, write: Callable[[list[Item]], Awaitable[Sequence[Outcome]]]) -> None:
        self._write = write
        self._waiting: list[tuple[Item, asyncio.Future[Outcome]]] = []
        self._turn = asyncio.Lock()

    async def __call__(self, item: Item) -> Outcome:
        """Write `item` (with whatever else is waiting) and return its outcome."""
        future: asyncio.Future[Outcome] = asyncio.get_running_loop().create_future()
        self._waiting.append((item, future))
        try:
            async with self._turn:
                if not future.done():
                    batch, self._waiting = self._waiting, []
                    await self._run(batch)
        except BaseException:
            if future.done() and not future.cancelled():
                future.exception()  # the error is raised here; the future's copy is seen
            raise
        return await future

    async def _run(self, batch: list[tuple[Item, asyncio.Future[Outcome]]]) -> None:
        try:
            outcomes = await self._write([item for item, _ in batch])
        except BaseException as error:
            failure = error if isinstance(error, Exception) else RuntimeError(
                "the group write was interrupted")
            for _, future in batch:
                if not future.done():
                    future.set_exception(failure)
            raise
        for (_, future), outcome in zip(batch, outcomes, strict=True):
            future.set_result(outcome)
