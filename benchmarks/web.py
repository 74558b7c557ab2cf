"""Web round trips at 50 concurrent simulated applicants, awardbot on SQLite vs a bare server.

Each simulated applicant screens from welcome to result through the real page (POST /send, then
the redirect's GET /), as a phone would. Both servers run as separate processes on 127.0.0.1,
loaded by the same client in the same run, so the ratio holds when the machine's speed drifts.
"""

from __future__ import annotations

import asyncio
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

APPLICANTS = 50
MSG = re.compile(r'name="msg" value="([0-9a-f]+)"')
SCRIPT = [("choice", "agree"), ("text", "河南"), ("text", "洛阳 西工区"),
          ("text", "410303198506150021"), ("text", "3"), ("text", "3"), ("text", "2020年6月"),
          ("text", "是"), ("text", "是"), ("text", "2"), ("text", "否"), ("text", "否"),
          ("text", "否")]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _wait_ready(port: int) -> None:
    async with aiohttp.ClientSession() as client:
        for _ in range(400):
            try:
                async with client.get(f"http://127.0.0.1:{port}/") as answer:
                    if answer.status == 200:
                        return
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.05)
    raise RuntimeError(f"server on {port} did not start")


async def applicant(base: str, samples: list[float]) -> None:
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as client:
        async with client.get(base) as page:
            text = await page.text()
        for kind, value in SCRIPT:
            match = MSG.search(text)
            message_id = match.group(1) if match else os.urandom(8).hex()
            start = time.perf_counter()
            opening = {"opening": "1"} if 'name="opening" value="1"' in text else {}
            async with client.post(f"{base}send",
                                   data={"msg": message_id, **opening, kind: value}) as answer:
                text = await answer.text()
            samples.append(time.perf_counter() - start)


async def _load(port: int) -> list[float]:
    samples: list[float] = []
    base = f"http://127.0.0.1:{port}/"
    await asyncio.gather(*(applicant(base, samples) for _ in range(APPLICANTS)))
    return samples


def _summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {"p50_ms": statistics.median(ordered) * 1e3,
            "p99_ms": ordered[int(len(ordered) * 0.99) - 1] * 1e3, "requests": len(ordered)}


async def _measure(command: list[str], port: int, env: dict[str, str]) -> dict[str, float]:
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        await _wait_ready(port)
        return _summary(await _load(port))
    finally:
        process.terminate()
        process.wait(timeout=30)


def run() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as data_dir:
        env = {**os.environ, "AWARDBOT_DATA_DIR": data_dir,
               "AWARDBOT_SECRET_KEY": "benchmark secret"}
        port = _free_port()
        awardbot = asyncio.run(_measure(
            [sys.executable, "-m", "bot.cli", "serve", "--port", str(port)], port, env))
        port = _free_port()
        bare = asyncio.run(_measure(
            [sys.executable, str(Path(__file__).with_name("bare_server.py")), str(port)],
            port, env))
    return {"name": f"web round trip, {APPLICANTS} applicants, SQLite",
            "awardbot": awardbot, "baseline_bare_aiohttp": bare,
            "ratio_p50": awardbot["p50_ms"] / bare["p50_ms"],
            "ratio_p99": awardbot["p99_ms"] / bare["p99_ms"]}
