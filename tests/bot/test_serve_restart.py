"""`awardbot serve` killed with SIGKILL mid-screening continues at the same question on restart.

The server runs as a real process on a free port on 127.0.0.1, driven over HTTP like a phone.
"""

from __future__ import annotations

import signal
from pathlib import Path

import aiohttp

from tests.bot.server_process import free_port, serve
from tests.handlers.web.forms import hidden_fields


async def _post(client: aiohttp.ClientSession, base: str, **form: str) -> str:
    async with client.get(base) as page:
        fields = hidden_fields(await page.text())
    assert "msg" in fields, "the page has no message id"
    async with client.post(f"{base}send", data={**fields, **form}) as answer:
        assert answer.status == 200
        return await answer.text()


async def test_sigkill_mid_screening_resumes_at_the_same_question(tmp_path: Path) -> None:
    port = free_port()
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
