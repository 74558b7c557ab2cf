"""Group commit: callers arriving together share one write, each gets its own outcome."""

from __future__ import annotations

import asyncio

import pytest

from bot.db.group_commit import GroupCommit


async def test_callers_arriving_together_share_writes_and_get_their_own_outcomes() -> None:
    batches: list[list[int]] = []

    async def write(items: list[int]) -> list[int]:
        batches.append(items)
        await asyncio.sleep(0.01)
        return [item * 10 for item in items]

    group = GroupCommit(write)
    outcomes = await asyncio.gather(*(group(n) for n in range(20)))
    assert outcomes == [n * 10 for n in range(20)]
    assert sorted(item for batch in batches for item in batch) == list(range(20))
    assert len(batches) < 20


async def test_a_failed_write_fails_every_caller_in_it_and_the_next_write_works() -> None:
    calls = 0

    async def write(items: list[str]) -> list[str]:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0.01)
        if calls == 2:
            raise OSError("disk full")
        return items

    group = GroupCommit(write)
    first = asyncio.create_task(group("a"))
    await asyncio.sleep(0)
    failing = [asyncio.create_task(group(name)) for name in ("b", "c")]
    assert await first == "a"
    for task in failing:
        with pytest.raises(OSError, match="disk full"):
            await task
    assert await group("d") == "d"
