"""`awardbot serve --workers N`: N processes on one port, supervised, metrics added up.

These run the real command on PostgreSQL (several workers are refused on SQLite, which is
tested too) and drive it over HTTP on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

from tests.bot.server_process import free_port, health, serve
from tests.handlers.web.forms import hidden_fields

POSTGRES = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
INBOUND_WEB = re.compile(r'^awardbot_inbound_messages_total\{channel="web"\} (\S+)$', re.M)


async def _pids(port: int, want: int, *, exclude: set[int] = frozenset(),  # type: ignore[assignment]
                tries: int = 400) -> set[int]:
    """Worker pids seen on fresh connections, until `want` distinct ones (or tries run out)."""
    seen: set[int] = set()
    for _ in range(tries):
        answer = await health(port)
        if answer is not None and int(answer["pid"]) not in exclude:  # type: ignore[call-overload]
            seen.add(int(answer["pid"]))  # type: ignore[call-overload]
        if len(seen) >= want:
            break
        await asyncio.sleep(0.05)
    return seen


def _alive(pid: int) -> bool:
    """Running, not exited (an orphan's zombie waits for whoever reaps it)."""
    try:
        status = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return status.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


@POSTGRES
async def test_two_workers_share_the_port_a_killed_one_is_replaced_and_sigterm_stops_all(
        tmp_path: Path, database_url: str) -> None:
    port = free_port()
    async with serve(tmp_path, port, "--workers", "2",
                     env={"AWARDBOT_DATABASE_URL": database_url}) as parent:
        first = await _pids(port, 2)
        assert len(first) == 2 and parent.pid not in first
        victim = min(first)
        os.kill(victim, signal.SIGKILL)
        replacement = await _pids(port, 1, exclude=first)
        assert len(replacement) == 1, "no new worker answered after one was killed"
        assert not _alive(victim)
        survivors = (first - {victim}) | replacement
        parent.send_signal(signal.SIGTERM)
        assert parent.wait(timeout=90) == 0
    assert not any(_alive(pid) for pid in survivors)
    assert await health(port) is None


@POSTGRES
async def test_metrics_add_up_every_worker_and_workers_stop_when_the_supervisor_is_killed(
        tmp_path: Path, database_url: str) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    sent = 8
    async with serve(tmp_path, port, "--workers", "2",
                     env={"AWARDBOT_DATABASE_URL": database_url}) as parent:
        workers = await _pids(port, 2)
        assert len(workers) == 2
        for n in range(sent):
            jar = aiohttp.CookieJar(unsafe=True)
            connector = aiohttp.TCPConnector(force_close=True)
            async with aiohttp.ClientSession(cookie_jar=jar, connector=connector) as client:
                async with client.get(base) as page:
                    fields = hidden_fields(await page.text())
                assert "msg" in fields and fields.get("opening") == "1"
                async with client.post(f"{base}send", data={
                        **fields, "text": f"你好 {n}"}) as answer:
                    assert answer.status == 200
        async with aiohttp.ClientSession() as client, client.get(f"{base}metrics") as scrape:
            assert scrape.status == 200
            body = await scrape.text()
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=20)
        for _ in range(200):
            if not any(_alive(pid) for pid in workers):
                break
            await asyncio.sleep(0.05)
        assert not any(_alive(pid) for pid in workers), "orphaned workers kept serving"
    counted = INBOUND_WEB.search(body)
    assert counted is not None, body
    assert float(counted.group(1)) == 2 * sent  # the opening turn, then the answer


def test_several_workers_on_sqlite_are_refused_with_the_reason(tmp_path: Path) -> None:
    env = {**os.environ, "AWARDBOT_DATA_DIR": str(tmp_path),
           "AWARDBOT_SECRET_KEY": "refusal test secret"}
    env.pop("AWARDBOT_DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-m", "bot.cli", "serve", "--workers", "2",
                           "--port", str(free_port())], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 2
    assert "SQLite" in done.stderr and "one writer" in done.stderr
    assert "PostgreSQL" in done.stderr
    assert not (tmp_path / "awardbot.db").exists()
