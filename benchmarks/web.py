"""Web round trips at 50 concurrent simulated applicants, awardbot on SQLite vs a bare server.

Each simulated applicant screens from welcome to result through the real page (POST /send, then
the redirect's GET /), as a phone would, on the dialog benchmark's date with its replies (which
follow the questions as they are asked now, `benchmarks.dialog.replies`). Both servers run as
separate processes on 127.0.0.1, loaded by the same client in the same run, so the ratio holds
when the machine's speed drifts.

Then, on the same awardbot server, one applicant's conversation grows to 300 messages: its page
load is timed against a 13-message conversation's. A page reads a bounded number of rows (the
last turns and the state), so the ratio stays near 1 (tests/handlers/web/test_page_history.py
counts the statements).
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

from benchmarks import dialog

APPLICANTS = 50
MSG = re.compile(r'name="msg" value="([0-9a-f]+)"')
SCRIPT = [("choice", "agree")] + [("text", text) for text in dialog.replies()[2:]]
"""The page opens on the consent question, so 你好 and its “1” are the 同意 button."""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


START_TIMEOUT = 90.0
"""Seconds a server may take to answer its first request: `awardbot serve` runs the
migrations and loads every pack first, which took 20 s on the 2 shared cores under load."""


async def _wait_ready(port: int, timeout: float = START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as client:
        while time.monotonic() < deadline:
            try:
                async with client.get(f"http://127.0.0.1:{port}/") as answer:
                    if answer.status == 200:
                        return
            except aiohttp.ClientConnectionError:
                pass
            await asyncio.sleep(0.05)
    raise RuntimeError(f"server on {port} did not answer within {timeout:.0f} s")


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


LONG = 300
LOADS = 40


async def _page_loads(base: str, messages: int) -> list[float]:
    """Times of `LOADS` page loads for one applicant with `messages` messages."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as client:
        async with client.get(base) as page:
            text = await page.text()
        for number in range(messages):
            match = MSG.search(text)
            data = {"msg": match.group(1) if match else os.urandom(8).hex(),
                    "text": "菜单" if number % 2 else "截止日期"}
            if 'name="opening" value="1"' in text:
                data["opening"] = "1"
            async with client.post(f"{base}send", data=data) as answer:
                text = await answer.text()
        times = []
        for _ in range(LOADS):
            start = time.perf_counter()
            async with client.get(base) as page:
                await page.read()
            times.append(time.perf_counter() - start)
        return times


async def _measure(command: list[str], port: int, env: dict[str, str],
                   history: bool = False) -> dict[str, Any]:
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        await _wait_ready(port)
        result: dict[str, Any] = _summary(await _load(port))
        if history:
            base = f"http://127.0.0.1:{port}/"
            result["short_page_ms"] = statistics.median(
                await _page_loads(base, len(SCRIPT))) * 1e3
            result["long_page_ms"] = statistics.median(await _page_loads(base, LONG)) * 1e3
        return result
    finally:
        process.terminate()
        process.wait(timeout=30)


def run() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as data_dir:
        env = {**os.environ, "AWARDBOT_DATA_DIR": data_dir,
               "AWARDBOT_SECRET_KEY": "benchmark secret",
               "AWARDBOT_TODAY": dialog.TODAY.isoformat()}
        port = _free_port()
        awardbot = asyncio.run(_measure(
            [sys.executable, "-m", "bot.cli", "serve", "--port", str(port)], port, env,
            history=True))
        port = _free_port()
        bare = asyncio.run(_measure(
            [sys.executable, str(Path(__file__).with_name("bare_server.py")), str(port)],
            port, env))
    name = f"web round trip, {APPLICANTS} applicants, SQLite"
    return {"name": name, "awardbot": awardbot, "baseline_bare_aiohttp": bare,
            "ratio_p50": awardbot["p50_ms"] / bare["p50_ms"],
            "ratio_p99": awardbot["p99_ms"] / bare["p99_ms"],
            "rows": [
                {"name": f"{name} p50 (ms)", "value": awardbot["p50_ms"],
                 "baseline": bare["p50_ms"], "ratio": awardbot["p50_ms"] / bare["p50_ms"]},
                {"name": f"{name} p99 (ms)", "value": awardbot["p99_ms"],
                 "baseline": bare["p99_ms"], "ratio": awardbot["p99_ms"] / bare["p99_ms"]},
                {"name": f"page load, {LONG}-message conversation vs {len(SCRIPT)} (ms)",
                 "value": awardbot["long_page_ms"], "baseline": awardbot["short_page_ms"],
                 "ratio": awardbot["long_page_ms"] / awardbot["short_page_ms"]}]}
