"""The outbox on every backend, with a scripted channel: a row is sent once its channel
accepted it, retried with backoff or after `retry_after`, dead-lettered with its reason, sent
in order per chat, and never taken by two workers; a crash mid-send loses nothing."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import deque

from bot.outbox import (
    DEAD,
    PENDING,
    SENDING,
    SENT,
    Accepted,
    Backoff,
    Envelope,
    Final,
    OutboxWorker,
    Retry,
    Verdict,
    claim,
    enqueue,
    rows_for,
)
from bot.outbox.store import Sessions, Settled

START = dt.datetime(2026, 12, 4, 2, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self) -> None:
        self.moment = START

    def __call__(self) -> dt.datetime:
        return self.moment

    def advance(self, seconds: float) -> None:
        self.moment += dt.timedelta(seconds=seconds)


class Scripted:
    """A channel answering from a script per recipient (then Accepted), recording sends."""

    name = "scripted"
    per_second = 10_000.0
    per_chat_interval = 0.0

    def __init__(self, script: dict[str, list[Verdict]] | None = None,
                 fallback_answer: Verdict | None = None) -> None:
        self.script = {chat: deque(answers) for chat, answers in (script or {}).items()}
        self.attempts: list[tuple[str, str]] = []
        self.delivered: list[tuple[str, str]] = []
        self.fallback_answer = fallback_answer or Final("rejected", "no fallback")
        self.fallbacks: list[str] = []

    async def deliver(self, envelope: Envelope) -> Verdict:
        self.attempts.append((envelope.recipient, envelope.text))
        answers = self.script.get(envelope.recipient)
        verdict = answers.popleft() if answers else Accepted()
        if isinstance(verdict, Accepted):
            self.delivered.append((envelope.recipient, envelope.text))
        return verdict

    async def fallback(self, envelope: Envelope) -> Verdict:
        self.fallbacks.append(envelope.text)
        if isinstance(self.fallback_answer, Accepted):
            self.delivered.append((envelope.recipient, envelope.text))
        return self.fallback_answer


async def _queue(sessions: Sessions, *messages: tuple[str, str], clock: Clock) -> None:
    async with sessions.begin() as session:
        for chat, text in messages:
            await enqueue(session, Envelope("scripted", chat, "test", f"{chat}:{text}", text),
                          clock())


def _worker(sessions: Sessions, channel: Scripted, clock: Clock) -> OutboxWorker:
    return OutboxWorker(lambda: sessions, [channel], now=clock,
                        backoff=Backoff(base=2.0, cap=60.0,
                                        give_up_after=dt.timedelta(hours=1)))


async def _states(sessions: Sessions) -> list[tuple[str, str, int, str | None]]:
    return [(row.recipient, row.status, row.attempts, row.reason)
            for row in await rows_for(sessions)]


async def test_the_same_key_is_queued_once(sessions: Sessions) -> None:
    clock = Clock()
    async with sessions.begin() as session:
        first = await enqueue(session, Envelope("scripted", "a", "test", "k1", "一"), clock())
        again = await enqueue(session, Envelope("scripted", "a", "test", "k1", "一"), clock())
    assert (first, again) == (True, False)
    assert len(await rows_for(sessions)) == 1


async def test_a_rolled_back_change_queues_nothing(sessions: Sessions) -> None:
    class Undo(Exception):
        pass

    try:
        async with sessions.begin() as session:
            await enqueue(session, Envelope("scripted", "a", "test", "k1", "一"))
            raise Undo
    except Undo:
        pass
    assert await rows_for(sessions) == []


async def test_accepted_rows_are_sent_and_lose_their_text(sessions: Sessions) -> None:
    clock, channel = Clock(), Scripted()
    await _queue(sessions, ("a", "你好"), ("b", "您好"), clock=clock)
    assert await _worker(sessions, channel, clock).drain() == 2
    rows = await rows_for(sessions)
    assert [(r.status, r.payload, r.sent_at) for r in rows] == [(SENT, {}, START)] * 2
    assert sorted(channel.delivered) == [("a", "你好"), ("b", "您好")]


async def test_transient_failures_back_off_then_deliver(sessions: Sessions) -> None:
    clock = Clock()
    channel = Scripted({"a": [Retry("server error: 502"), Retry("timeout")]})
    worker = _worker(sessions, channel, clock)
    await _queue(sessions, ("a", "提醒"), clock=clock)
    await worker.drain()
    assert await _states(sessions) == [("a", PENDING, 1, "server error: 502")]
    clock.advance(1.9)
    assert await worker.drain() == 0, "the first backoff is 2 s"
    clock.advance(0.1)
    await worker.drain()
    assert await _states(sessions) == [("a", PENDING, 2, "timeout")]
    clock.advance(4)
    await worker.drain()
    assert await _states(sessions) == [("a", SENT, 3, None)]
    assert channel.delivered == [("a", "提醒")]


async def test_retry_after_is_honoured_and_holds_the_chats_later_messages(
        sessions: Sessions) -> None:
    clock = Clock()
    channel = Scripted({"a": [Retry("429 Too Many Requests", after=30)]})
    worker = _worker(sessions, channel, clock)
    await _queue(sessions, ("a", "一"), ("a", "二"), ("b", "三"), clock=clock)
    await worker.drain()
    assert channel.delivered == [("b", "三")]
    clock.advance(29)
    await worker.drain()
    assert channel.delivered == [("b", "三")]
    clock.advance(1)
    await worker.drain()
    assert channel.delivered == [("b", "三"), ("a", "一"), ("a", "二")]


async def test_a_final_answer_tries_the_fallback_then_dead_letters_with_the_reason(
        sessions: Sessions) -> None:
    clock = Clock()
    blocked = Scripted({"a": [Final("blocked", "Forbidden: bot was blocked by the user")]})
    await _queue(sessions, ("a", "一"), clock=clock)
    await _worker(sessions, blocked, clock).drain()
    assert await _states(sessions) == [
        ("a", DEAD, 1, "blocked: Forbidden: bot was blocked by the user")]
    assert blocked.fallbacks == []

    window = Scripted({"b": [Final("outside_window", "45015", fallback=True)]},
                      fallback_answer=Accepted("template"))
    await _queue(sessions, ("b", "二"), clock=clock)
    await _worker(sessions, window, clock).drain()
    row = (await rows_for(sessions, recipient="b"))[0]
    assert (row.status, row.route, window.fallbacks) == (SENT, "template", ["二"])


async def test_a_message_still_failing_at_its_give_up_time_is_dead_with_its_last_reason(
        sessions: Sessions) -> None:
    clock = Clock()
    channel = Scripted({"a": [Retry("HTTP 500")] * 100})
    worker = _worker(sessions, channel, clock)
    await _queue(sessions, ("a", "一"), clock=clock)
    for _ in range(70):
        await worker.drain()
        clock.advance(60)
    [(_, status, attempts, reason)] = await _states(sessions)
    assert status == DEAD and reason is not None and reason.startswith("gave_up:")
    assert reason.endswith("HTTP 500") and attempts > 5


async def test_a_sender_that_raises_or_hangs_is_a_transient_failure(
        sessions: Sessions) -> None:
    clock = Clock()

    class Broken(Scripted):
        calls = 0

        async def deliver(self, envelope: Envelope) -> Verdict:
            Broken.calls += 1
            if Broken.calls == 1:
                raise ConnectionResetError
            await asyncio.sleep(1)
            return Accepted()

    await _queue(sessions, ("a", "一"), clock=clock)
    worker = OutboxWorker(lambda: sessions, [Broken()], now=clock, timeout=0.05)
    await worker.drain()
    clock.advance(5)
    await worker.drain()
    assert await _states(sessions) == [("a", PENDING, 2, "timeout")]


async def test_a_crash_mid_send_resends_only_rows_without_a_result(sessions: Sessions) -> None:
    """A sender claimed two rows and died before recording either: once the claim expires they
    are sent again; a row already recorded as sent never is."""
    clock = Clock()
    await _queue(sessions, ("a", "一"), ("b", "二"), ("c", "三"), clock=clock)
    channel = Scripted()
    worker = _worker(sessions, channel, clock)
    await worker.run_once("scripted")
    assert len(channel.delivered) == 3
    await _queue(sessions, ("d", "四"), ("e", "五"), clock=clock)
    crashed = await claim(sessions, "scripted", 10, clock())
    assert [row.recipient for row in crashed] == ["d", "e"]
    assert {r.status for r in await rows_for(sessions) if r.recipient in "de"} == {SENDING}
    assert await worker.drain() == 0, "a live claim is not taken again"
    clock.advance(121)
    await worker.drain()
    assert sorted(channel.delivered) == [("a", "一"), ("b", "二"), ("c", "三"), ("d", "四"),
                                         ("e", "五")]


async def test_two_workers_never_take_the_same_row(sessions: Sessions) -> None:
    clock = Clock()
    await _queue(sessions, *((f"chat-{n}", "提醒") for n in range(60)), clock=clock)
    batches = await asyncio.gather(*(claim(sessions, "scripted", 25, clock())
                                     for _ in range(4)))
    ids = [row.id for batch in batches for row in batch]
    assert len(ids) == len(set(ids)) == 60


async def test_the_kind_that_queued_a_row_is_told_when_it_ends(sessions: Sessions) -> None:
    """The hook runs in the transaction recording the result, for rows sent or dead only."""
    clock = Clock()
    told: list[tuple[str, str]] = []

    async def hook(session: object, rows: list[Settled], moment: dt.datetime) -> None:
        told.extend((row.key, row.status) for row in rows)

    channel = Scripted({"b": [Final("blocked", "403")], "c": [Retry("HTTP 500")]})
    worker = _worker(sessions, channel, clock)
    worker.hooks["test"] = hook
    await _queue(sessions, ("a", "一"), ("b", "二"), ("c", "三"), clock=clock)
    await worker.drain()
    assert sorted(told) == [("a:一", SENT), ("b:二", DEAD)]
