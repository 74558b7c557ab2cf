"""The pacer on a fake clock: per-chat spacing, global rate, retry_after, blocked users."""

from __future__ import annotations

import asyncio
import itertools
from typing import Any

from bot.services.outbound import Blocked, Pacer, Record, RetryAfter


class FakeTime:
    """A clock that only moves when somebody sleeps."""

    def __init__(self) -> None:
        self.now = 0.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)


async def test_one_chat_gets_at_most_one_message_per_second() -> None:
    time = FakeTime()
    sent: list[tuple[str, Any, float]] = []

    async def send(chat: str, payload: Any) -> None:
        sent.append((chat, payload, time.now))

    pacer = Pacer(send, clock=time.clock, sleep=time.sleep)
    for n in range(3):
        pacer.submit("a", n)
    await pacer.join()
    assert [(p, t) for _, p, t in sent] == [(0, 0.0), (1, 1.0), (2, 2.0)]


async def test_the_global_rate_spaces_messages_to_different_chats() -> None:
    time = FakeTime()
    moments: list[float] = []

    async def send(chat: str, payload: Any) -> None:
        moments.append(time.now)

    pacer = Pacer(send, per_second=10, clock=time.clock, sleep=time.sleep)
    for chat in "abcde":
        pacer.submit(chat, "hi")
    await pacer.join()
    gaps = [round(b - a, 6) for a, b in itertools.pairwise(moments)]
    assert all(gap >= 0.1 for gap in gaps)


async def test_retry_after_delays_only_that_chat_and_loses_nothing() -> None:
    time = FakeTime()
    sent: list[tuple[str, Any, float]] = []
    refused = False

    async def send(chat: str, payload: Any) -> None:
        nonlocal refused
        if chat == "a" and not refused:
            refused = True
            raise RetryAfter(2)
        sent.append((chat, payload, time.now))

    done: list[Record] = []

    async def on_done(record: Record) -> None:
        done.append(record)

    pacer = Pacer(send, per_chat_interval=0, clock=time.clock, sleep=time.sleep,
                  on_done=on_done)
    pacer.submit("a", 1)
    pacer.submit("a", 2)
    pacer.submit("b", 3)
    await pacer.join()
    assert [p for c, p, _ in sent if c == "a"] == [1, 2]
    assert min(t for c, _, t in sent if c == "a") >= 2.0
    assert [r.status for r in done] == ["sent"] * 3


async def test_a_user_who_blocked_the_bot_is_not_sent_to_again() -> None:
    calls: list[Any] = []

    async def send(chat: str, payload: Any) -> None:
        calls.append(payload)
        raise Blocked(chat)

    pacer = Pacer(send, per_chat_interval=0)
    first = pacer.submit("x", 1)
    await pacer.join()
    second = pacer.submit("x", 2)
    await pacer.join()
    assert (first.status, second.status, calls) == ("blocked", "blocked", [1])
