"""`awardbot serve` killed with SIGKILL mid-screening continues at the same question on restart.

The server runs as a real process on a free port on 127.0.0.1, driven over HTTP like a phone.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp

from tests.handlers.web.forms import hidden_fields


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@asynccontextmanager
async def serve(data_dir: Path, port: int) -> AsyncIterator[subprocess.Popen[bytes]]:
    env = {**os.environ, "AWARDBOT_DATA_DIR": str(data_dir),
           "AWARDBOT_SECRET_KEY": "restart test secret"}
    process = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve", "--port", str(port)],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        async with aiohttp.ClientSession() as probe:
            for _ in range(200):
                try:
                    async with probe.get(f"http://127.0.0.1:{port}/healthz") as answer:
                        if answer.status == 200:
                            break
                except aiohttp.ClientConnectionError:
                    pass
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                await asyncio.sleep(0.05)
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=20)
        if process.stderr:
            process.stderr.close()


async def _post(client: aiohttp.ClientSession, base: str, **form: str) -> str:
    async with client.get(base) as page:
        fields = hidden_fields(await page.text())
    assert "msg" in fields, "the page has no message id"
    async with client.post(f"{base}send", data={**fields, **form}) as answer:
        assert answer.status == 200
        return await answer.text()


async def test_sigkill_mid_screening_resumes_at_the_same_question(tmp_path: Path) -> None:
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(cookie_jar=jar) as client:
        async with serve(tmp_path, port) as process:
            async with client.get(base) as first:
                assert "同意并开始" in await first.text()
            await _post(client, base, choice="agree")
            await _post(client, base, text="河南")
            page = await _post(client, base, text="洛阳 西工区")
            assert "身份证号码" in page
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=20)
        async with serve(tmp_path, port):
            async with client.get(base) as again:
                page = await again.text()
            assert "好的：河南省 洛阳市 西工区。" in page
            assert 'value="skip_id"' in page
            page = await _post(client, base, choice="skip_id")
            assert "您的出生日期是？" in page
