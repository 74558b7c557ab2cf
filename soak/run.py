"""One soak run: two workers on a throwaway PostgreSQL database, the applicants, the faults,
then the outbox drained and everything checked.

The run has one phase per day in `PHASES` (晋中 2019, 洛阳 2021, 长春 2022, 吉林 2023, 河南 2024):
the workers are started on that day (AWARDBOT_TODAY) over the same database, files and fake
platforms, the phase's applicants walk its open rounds under the faults, and the outbox is
drained before the next day's workers take over. The checks at the end cover every phase.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from benchmarks.cluster import Cluster, running, throwaway_postgres
from bot.db.applications import Outbox
from bot.db.session import create_engine
from fakes import bot_api, wechat
from soak import faults
from soak.applicant import Ledger, progress, walk
from soak.channels import Telegram, Web, WeChat
from soak.checks import Verdict, check, counts_table
from soak.delivery import Tally
from soak.platforms import Platforms, platforms
from soak.scripts import PHASES, plan

WORKERS = 2
DRAIN_TIMEOUT = 300.0
PROGRESS_EVERY = 10.0
RUNS = Path("var/soak")
"""Each run's data directory (worker logs, files, packets) is kept here for a look after."""


@dataclass(frozen=True)
class Options:
    applicants: int = 300
    concurrency: int = 90


def _environment(world: Platforms, day: dt.date) -> dict[str, str]:
    return {"AWARDBOT_TELEGRAM_TOKEN": bot_api.TOKEN,
            "AWARDBOT_TELEGRAM_WEBHOOK_SECRET": bot_api.SECRET,
            "AWARDBOT_TELEGRAM_API_BASE": world.bot_api_base,
            "AWARDBOT_TELEGRAM_SENSITIVE_UPLOADS": "true",
            "AWARDBOT_WECHAT_TOKEN": wechat.TOKEN, "AWARDBOT_WECHAT_AES_KEY": wechat.AES_KEY,
            "AWARDBOT_WECHAT_APP_ID": wechat.APP_ID, "AWARDBOT_WECHAT_APP_SECRET": "soak",
            "AWARDBOT_WECHAT_API_BASE": world.wechat_api_base,
            "AWARDBOT_SMTP_HOST": "127.0.0.1", "AWARDBOT_SMTP_PORT": str(world.mail.port),
            "AWARDBOT_SMTP_STARTTLS": "false", "AWARDBOT_FORWARDING_INTERVAL_SECONDS": "1",
            "AWARDBOT_TODAY": day.isoformat()}


async def _applicants(options: Options, numbers: range, day: dt.date, bases: list[str],
                      world: Platforms, tally: Tally) -> list[Ledger]:
    walks = PHASES[day]
    gate = asyncio.Semaphore(options.concurrency)
    kinds = itertools.cycle(("web", "telegram", "wechat"))
    ledgers = [Ledger(next(kinds), n, plan(walks[n % len(walks)], n, day)) for n in numbers]

    async def one(ledger: Ledger) -> Ledger:
        number, kind = ledger.number, ledger.channel
        async with gate:
            channel = (Web(number, bases, tally) if kind == "web" else
                       Telegram(number, bases, tally, world) if kind == "telegram" else
                       WeChat(number, bases, tally, world))
            return await walk(channel, ledger)

    walking = asyncio.gather(*(one(ledger) for ledger in ledgers))
    while not walking.done():
        await asyncio.wait([walking], timeout=PROGRESS_EVERY)
        print(progress(ledgers), flush=True)
    return list(walking.result())


async def _drained(database_url: str) -> int:
    """Wait for the outbox to empty (backoff after the outage); the rows still waiting."""
    engine = create_engine(database_url)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + DRAIN_TIMEOUT
    try:
        while True:
            async with engine.connect() as connection:
                waiting = (await connection.execute(select(func.count()).select_from(Outbox)
                                                    .where(Outbox.delivered_at.is_(None))))
                left = int(waiting.scalar_one())
            if left == 0 or loop.time() > deadline:
                return left
            await asyncio.sleep(2)
    finally:
        await engine.dispose()


def _share(options: Options) -> list[range]:
    """The applicant numbers of each phase, in proportion to its walks (at least one each)."""
    walks = sum(len(w) for w in PHASES.values())
    out, start = [], 0
    for index, phase in enumerate(PHASES.values()):
        count = options.applicants - start if index == len(PHASES) - 1 else max(
            1, options.applicants * len(phase) // walks)
        out.append(range(start, start + count))
        start += count
    return out


async def _phase(options: Options, day: dt.date, numbers: range, world: Platforms,
                 database_url: str, data_dir: Path, tally: Tally,
                 injected: Counter[str]) -> tuple[list[Ledger], int]:
    """One day: its workers, its applicants under the faults, the outbox drained."""
    cluster = Cluster(WORKERS, database_url, data_dir, _environment(world, day))
    async with running(cluster):
        stop = asyncio.Event()
        chaos = [asyncio.create_task(faults.kill_workers(cluster, stop, injected)),
                 asyncio.create_task(faults.too_many_requests(world.bot_api, stop, injected))]
        if day == max(PHASES):
            chaos.append(asyncio.create_task(faults.smtp_outage(world.mail, stop, injected)))
        print(f"phase {day.isoformat()}: {len(numbers)} applicants walking "
              f"{', '.join(PHASES[day])}", flush=True)
        ledgers = await _applicants(options, numbers, day, cluster.bases, world, tally)
        stop.set()
        await asyncio.gather(*chaos)
        left = await _drained(database_url)
        await asyncio.sleep(3)
    return ledgers, left


async def soak(options: Options) -> tuple[Verdict, str]:
    tally, injected = Tally(), Counter[str]()
    started = time.monotonic()
    ledgers: list[Ledger] = []
    left = 0
    async with platforms() as world, throwaway_postgres("awardbot_soak") as database_url:
        data_dir = RUNS / time.strftime("%Y%m%d-%H%M%S")
        for day, numbers in zip(PHASES, _share(options), strict=True):
            walked, waiting = await _phase(options, day, numbers, world, database_url,
                                           data_dir, tally, injected)
            ledgers += walked
            left += waiting
        verdict = await check(database_url, data_dir / "files", ledgers, world.mail, tally)
        tracebacks = sum(path.read_text(errors="replace").count("Traceback")
                         for path in (data_dir / "logs").glob("*.log"))
    answered_429 = sum(1 for method, _ in world.bot_api.calls if method == "sendMessage/failed")
    extra = {"applicants": len(ledgers),
             "applicants who walked to the end": sum(x.finished for x in ledgers),
             "steps acknowledged": sum(x.acknowledged for x in ledgers),
             "documents acknowledged": sum(len(x.uploads) for x in ledgers),
             "uploads refused": sum(x.refused for x in ledgers),
             "steps whose answer never reached the user": sum(x.unanswered for x in ledgers),
             **injected, "telegram sendMessage answered 429": answered_429,
             "emails at the SMTP sink": len(world.mail.mails),
             "outbox rows still undelivered at the end": left,
             "tracebacks in the worker logs": tracebacks,
             "days (phases)": len(PHASES),
             "seconds in all": round(time.monotonic() - started)}
    if left:
        verdict.fail(f"{left} packets still in the outbox {DRAIN_TIMEOUT:.0f} s after the run")
    return verdict, counts_table(verdict, tally, extra)
