"""10,000 reminders through the pacing sender (the Telegram pacer and the real aiogram Bot)
against a fake Bot API on 127.0.0.1: the run's duration against the configured rate (expected
= n / rate; a ratio near 1 means the pacer keeps the rate without falling behind it), and the
duplicates and losses counted at the fake server, which must both be zero.

The rate is set far above Telegram's 30 messages a second so the run takes 40 seconds;
the pacing logic is the same at any rate. For context the same bot also sends `BARE` messages
with no pacer at all, as fast as this machine can: when that capacity is below the configured
rate, the ratio measures the machine, not the pacer. Last, `WORKER` subscribers on SQLite go
through the whole reminder worker (plan, claim per person, compose, queue in the outbox) and the
outbox's Telegram sender (claim, pace at `RATE`, send, record) to the same fake server, for the
end-to-end rate one process sustains against the configured rate.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import tempfile
import time
from collections import Counter
from typing import Any

from aiogram.client.session.aiohttp import AiohttpSession
from aiohttp import web
from sqlalchemy import func, select

from bot.db import store
from bot.db.migrate import upgrade
from bot.db.reminders import ReminderJob, ReminderSubscription
from bot.db.session import create_engine, create_sessionmaker
from bot.outbox import OutboxWorker
from bot.services import reminder_schedule, reminder_worker
from bot.services.outbound import Pacer
from bot.services.push import Pusher
from bot.services.staff_notices import CHINA_TIME
from dialogs import reminders
from eligibility import programmes
from handlers.telegram.channel import make_bot
from handlers.telegram.render import Outgoing
from handlers.telegram.sender import TelegramSender

N = 10_000
RATE = 250.0
FIRST_CHAT = 700_000
BARE = 2_000
BARE_PARALLEL = 50
WORKER = 1_000
MORNING = dt.datetime(2021, 12, 2, 9, 30, tzinfo=CHINA_TIME)


async def _fake_api(received: Counter[int]) -> tuple[web.AppRunner, str]:
    async def handle(request: web.Request) -> web.Response:
        data = await request.post()
        chat = int(str(data["chat_id"]))
        received[chat] += 1
        return web.json_response({"ok": True, "result": {
            "message_id": sum(received.values()), "date": 0, "text": str(data["text"]),
            "chat": {"id": chat, "type": "private"}}})

    app = web.Application()
    app.router.add_post("/bot{token}/{method}", handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    return runner, f"http://127.0.0.1:{runner.addresses[0][1]}"


def _text() -> str:
    luoyang = next(p for p in programmes() if p.id == "luoyang-skill-entrepreneur-star")
    today, deadline = dt.date(2021, 12, 6), dt.date(2021, 12, 9)
    missing = reminders.missing_labels("zh_CN", luoyang, ["field:phone", "doc:id_card"])
    return reminders.message("zh_CN", [reminders.line(
        "zh_CN", "deadline", luoyang, today, {"deadline": deadline, "missing": missing})])


async def _bare(send: Any, text: str) -> float:
    """Messages per second with no pacing, `BARE_PARALLEL` at a time."""
    gate = asyncio.Semaphore(BARE_PARALLEL)

    async def one(n: int) -> None:
        async with gate:
            await send(str(n), Outgoing(text))

    start = time.perf_counter()
    await asyncio.gather(*(one(n) for n in range(BARE)))
    return BARE / (time.perf_counter() - start)


async def _worker(bot: Any, received: Counter[int]) -> tuple[float, int]:
    """Seconds from planning `WORKER` subscribers' reminders to the fake server having them
    all, and how many reminders the outbox recorded sent."""
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/bench.db"
        await upgrade(url)
        engine = create_engine(url)
        sessions = create_sessionmaker(engine)
        try:
            async with sessions.begin() as session:
                for n in range(WORKER):
                    ref = await store.find_or_create_applicant(session, "telegram",
                                                               str(2 * FIRST_CHAT + n))
                    session.add(ReminderSubscription(
                        applicant_id=ref.id, programme="luoyang-skill-entrepreneur-star",
                        seen_deadline=""))
            outbox = OutboxWorker(lambda: sessions, [TelegramSender(
                bot, lambda: sessions, per_second=RATE)], poll=0.05)
            outbox.hooks["reminder"] = reminder_worker.settled
            sending = asyncio.create_task(outbox.run())
            start = time.perf_counter()
            await reminder_schedule.schedule(sessions, programmes(), lambda: MORNING)
            await reminder_worker.deliver(sessions, Pusher(), programmes(), lambda: MORNING)
            while sum(received.values()) < WORKER and time.perf_counter() - start < 120:
                await asyncio.sleep(0.01)
            seconds = time.perf_counter() - start
            await asyncio.sleep(0.2)  # the last results are recorded
            sending.cancel()
            async with sessions() as session:
                sent = await session.scalar(select(func.count()).select_from(ReminderJob)
                                            .where(ReminderJob.status == "sent"))
            return seconds, int(sent or 0)
        finally:
            await engine.dispose()


async def _main() -> dict[str, Any]:
    received: Counter[int] = Counter()
    runner, base = await _fake_api(received)
    bot = make_bot("1:bench", base)
    assert isinstance(bot.session, AiohttpSession)

    async def send(chat: str, payload: Any) -> None:
        await bot.send_message(int(chat), payload.text)

    pacer = Pacer(send, per_second=RATE, per_chat_interval=1.0)
    text = _text()
    try:
        capacity = await _bare(send, text)
        received.clear()
        start = time.perf_counter()
        records = [pacer.submit(str(FIRST_CHAT + n), Outgoing(text)) for n in range(N)]
        outcomes = Counter(await asyncio.gather(*(r.outcome() for r in records)))
        seconds = time.perf_counter() - start
        duplicates = sum(count - 1 for count in received.values() if count > 1)
        losses = sum(1 for n in range(N) if received[FIRST_CHAT + n] == 0)
        received.clear()
        worker_seconds, worker_sent = await _worker(bot, received)
        worker_received = sum(received.values())
    finally:
        await pacer.close()
        await bot.session.close()
        await runner.cleanup()
    expected = N / RATE
    worker_rate = worker_sent / worker_seconds
    rows = [
        {"name": f"{N} reminders via the pacer at {RATE:.0f}/s: duration (s)", "value": seconds,
         "baseline": expected, "ratio": seconds / expected},
        {"name": "reminders duplicated + lost at the fake Bot API", "value": duplicates + losses},
        {"name": f"reminders/s through the whole worker and the outbox (SQLite), against "
         f"the configured {RATE:.0f}/s", "value": worker_rate, "baseline": RATE,
         "ratio": worker_rate / RATE},
        {"name": "unpaced sends/s of this machine (context)", "value": capacity},
    ]
    return {"name": f"reminders: {N} via pacer at {RATE:.0f}/s", "rows": rows,
            "duration_seconds": seconds, "expected_seconds": expected,
            "ratio": seconds / expected, "duplicates": duplicates, "losses": losses,
            "outcomes": dict(outcomes), "unpaced_per_second": capacity,
            "worker_reminders_per_second": worker_rate,
            "worker_sent": worker_sent, "worker_received": worker_received}


def run() -> dict[str, Any]:
    return asyncio.run(_main())


if __name__ == "__main__":
    result = run()
    print(f"{N} reminders in {result['duration_seconds']:.1f} s at {RATE:.0f}/s (expected "
          f"{result['expected_seconds']:.1f} s): ratio {result['ratio']:.2f}, duplicates "
          f"{result['duplicates']}, losses {result['losses']}, outcomes {result['outcomes']}; "
          f"unpaced capacity {result['unpaced_per_second']:.0f}/s; whole worker: "
          f"{result['worker_sent']} sent, {result['worker_received']} received, "
          f"{result['worker_reminders_per_second']:.0f} reminders/s")
