"""`awardbot serve` as a real process on a free port of 127.0.0.1, for the tests that restart,
kill or scale it; the caller drives it over HTTP."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp

STARTUP_SECONDS = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def health(port: int) -> dict[str, object] | None:
    """`/healthz` over a fresh connection (so SO_REUSEPORT may pick any worker), or None."""
    try:
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(force_close=True)) as s, \
                s.get(f"http://127.0.0.1:{port}/healthz") as answer:
            return dict(await answer.json()) if answer.status == 200 else None
    except aiohttp.ClientConnectionError:
        return None


@asynccontextmanager
async def serve(data_dir: Path, port: int, *args: str,
                env: dict[str, str] | None = None) -> AsyncIterator[subprocess.Popen[bytes]]:
    """Start `awardbot serve --port PORT ARGS`, wait until `/healthz` answers, stop it after."""
    environment = {**os.environ, "AWARDBOT_DATA_DIR": str(data_dir),
                   "AWARDBOT_SECRET_KEY": "restart test secret", **(env or {})}
    process = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve", "--port", str(port),
                                *args], env=environment, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    try:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + STARTUP_SECONDS
        while await health(port) is None:
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            assert loop.time() < deadline, "the server did not answer /healthz in time"
            await asyncio.sleep(0.05)
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=90)
        if process.stderr:
            process.stderr.close()
