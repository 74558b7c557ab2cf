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


async def test_items_not_taken_wait_in_order_for_the_next_write() -> None:
    batches: list[list[str]] = []

    async def write(items: list[str]) -> list[str]:
        batches.append(items)
        await asyncio.sleep(0)
        return [item.upper() for item in items]

    def one_per_letter(items: list[str]) -> list[int]:
        seen: set[str] = set()
        taken = []
        for index, item in enumerate(items):
            if item[0] not in seen:
                seen.add(item[0])
                taken.append(index)
        return taken

    group = GroupCommit(write, take=one_per_letter)
    outcomes = await asyncio.gather(*(group(item) for item in ("a1", "a2", "b1", "a3", "b2")))
    assert outcomes == ["A1", "A2", "B1", "A3", "B2"]
    assert batches == [["a1", "b1"], ["a2", "b2"], ["a3"]]


async def test_a_cancelled_caller_does_not_strand_the_callers_behind_it() -> None:
    release = asyncio.Event()

    async def write(items: list[int]) -> list[int]:
        await release.wait()
        return items

    group = GroupCommit(write)
    first = asyncio.create_task(group(1))
    second = asyncio.create_task(group(2))
    await asyncio.sleep(0.01)
    first.cancel()
    release.set()
    assert await second == 2
    with pytest.raises(asyncio.CancelledError):
        await first
