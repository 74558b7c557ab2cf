"""Throughput through the whole pipeline: web turns/s and Telegram updates/s, on SQLite with one
worker and on PostgreSQL with one and two, each beside its baseline with as many processes.

Web: simulated applicants screen through the real page (POST /send, then the redirect's GET /),
spread over the workers; the baseline is the bare aiohttp server (`bare_server.py`). Telegram:
chats post updates to `/telegram/webhook`, spread over the workers, and the figure is updates
acknowledged per second (what Telegram sees; awardbot's replies leave through its pacer at
Telegram's rate limits); the baseline is the bare aiogram echo bot behind the same webhook
handler (`echo_bot.py`), which sends its echo before acknowledging. Both reply to one fake Bot
API in this process. PostgreSQL rows are skipped, with the reason printed, when the server at
AWARDBOT_BENCH_POSTGRES_URL (default 127.0.0.1:5432, user postgres) does not answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from benchmarks import telegram, web
from benchmarks.cluster import (
    Cluster,
    PostgresUnavailable,
    free_port,
    running,
    sqlite_url,
    throwaway_postgres,
)
from benchmarks.echo_bot import SECRET
from fakes.bot_api import FakeBotApi
from fakes.loopback import on_loopback

CONFIGURATIONS = [("SQLite", 1), ("PostgreSQL", 1), ("PostgreSQL", 2)]
APPLICANTS = 40
CHATS = 40
ROUNDS = 3
BENCH_TOKEN = "1:bench"


async def _web_turns(bases: list[str]) -> float:
    samples: list[float] = []
    start = time.perf_counter()
    await asyncio.gather(*(web.applicant(f"{bases[n % len(bases)]}/", samples)
                           for n in range(APPLICANTS)))
    return len(samples) / (time.perf_counter() - start)


async def _telegram_updates(bases: list[str], round_number: int = 0) -> float:
    count, seconds = await telegram.drive([f"{base}/telegram/webhook" for base in bases],
                                          chats=CHATS, first=round_number * CHATS)
    return count / seconds


async def _wait_listening(port: int) -> None:
    deadline = time.monotonic() + web.START_TIMEOUT
    while time.monotonic() < deadline:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(0.05)
            continue
        writer.close()
        return
    raise RuntimeError(f"baseline server on {port} not listening after {web.START_TIMEOUT:.0f} s")


@contextlib.asynccontextmanager
async def _baseline(module: str, count: int, *extra: str) -> AsyncIterator[list[str]]:
    """`count` baseline processes (`python -m benchmarks.<module> PORT ...`), one port each."""
    ports = [free_port() for _ in range(count)]
    processes = [subprocess.Popen([sys.executable, "-m", f"benchmarks.{module}", str(port),
                                   *extra], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                 for port in ports]
    try:
        await asyncio.gather(*(_wait_listening(port) for port in ports))
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=20)


async def _one(backend: str, workers: int, database_url: str, data_dir: Path,
               api: str) -> list[dict[str, Any]]:
    """Awardbot and both baselines run side by side; each measurement takes turns with its
    baseline for `ROUNDS` rounds (new applicants and chats each time) and the medians are
    compared, as one pass of either can be off by a fifth on a shared machine."""
    env = {"AWARDBOT_TELEGRAM_TOKEN": BENCH_TOKEN, "AWARDBOT_TELEGRAM_WEBHOOK_SECRET": SECRET,
           "AWARDBOT_TELEGRAM_API_BASE": api}
    runs: dict[str, list[float]] = {"web": [], "bare_web": [], "tg": [], "bare_tg": []}
    async with running(Cluster(workers, database_url, data_dir, env)) as cluster, \
            _baseline("bare_server", workers) as bare_web, \
            _baseline("echo_bot", workers, api) as echo:
        for number in range(ROUNDS):
            runs["web"].append(await _web_turns(cluster.bases))
            runs["bare_web"].append(await _web_turns(bare_web))
            runs["tg"].append(await _telegram_updates(cluster.bases, number))
            runs["bare_tg"].append(await _telegram_updates(echo, number))
    ours_web, bare_web_rate, ours_tg, bare_tg = (
        statistics.median(runs[key]) for key in ("web", "bare_web", "tg", "bare_tg"))
    where = f"{backend}, {workers} worker{'s' if workers > 1 else ''}"
    return [{"name": f"web turns/s ({where})", "value": ours_web, "baseline": bare_web_rate,
             "ratio": ours_web / bare_web_rate, "baseline_is": "bare aiohttp handler",
             "runs": runs["web"], "baseline_runs": runs["bare_web"]},
            {"name": f"telegram updates/s ({where})", "value": ours_tg, "baseline": bare_tg,
             "ratio": ours_tg / bare_tg, "baseline_is": "bare aiogram echo bot",
             "runs": runs["tg"], "baseline_runs": runs["bare_tg"]}]


async def _configuration(backend: str, workers: int, api: str) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        if backend == "SQLite":
            return await _one(backend, workers, sqlite_url(data_dir), data_dir, api)
        async with throwaway_postgres("awardbot_bench") as database_url:
            return await _one(backend, workers, database_url, data_dir, api)


async def _main() -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    skipped: list[str] = []
    fake = FakeBotApi()
    async with on_loopback(fake.app()) as api:
        for backend, workers in CONFIGURATIONS:
            try:
                rows += await _configuration(backend, workers, api)
            except PostgresUnavailable as reason:
                skipped.append(f"{backend}, {workers} workers: skipped, {reason}")
                print(f"throughput on {backend} with {workers} workers skipped: {reason}",
                      flush=True)
    return {"name": "throughput", "applicants": APPLICANTS, "chats": CHATS, "rows": rows,
            "skipped": skipped}


def run() -> dict[str, Any]:
    return asyncio.run(_main())


if __name__ == "__main__":
    for row in run()["rows"]:
        print(f"{row['name']:44} {row['value']:8.1f}  baseline {row['baseline']:8.1f}  "
              f"ratio {row['ratio']:.2f}")
