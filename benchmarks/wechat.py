"""WeChat passive-reply latency at 200 concurrent users, in safe mode, on SQLite.

Each simulated follower subscribes and then answers a few questions; every POST is signed and
AES-encrypted with wechatpy's crypto as WeChat would send it, and the time to the passive reply
is recorded. The customer-service messages go to a fake API on 127.0.0.1. WeChat's budget is
5 s; p99 is the figure that decides whether followers ever see “该公众号暂时无法提供服务”.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from wechatpy.crypto import WeChatCrypto

from bot.app import create_app
from bot.config import Settings
from handlers.wechat import ENDPOINT

USERS = 200
TOKEN = "bench-token"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
APP_ID = "wxbench"
ANSWERS = ["1", "河南", "洛阳", "洛龙"]


async def _fake_api() -> tuple[web.AppRunner, str]:
    async def token(request: web.Request) -> web.Response:
        return web.json_response({"access_token": "T", "expires_in": 7200})

    async def send(request: web.Request) -> web.Response:
        await request.read()
        return web.json_response({"errcode": 0, "errmsg": "ok"})

    app = web.Application()
    app.router.add_get("/cgi-bin/token", token)
    app.router.add_post("/cgi-bin/message/custom/send", send)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    return runner, f"http://127.0.0.1:{runner.addresses[0][1]}"


def _post(xml: str, nonce: str) -> tuple[dict[str, str], str]:
    timestamp = str(int(time.time()))
    sealed = WeChatCrypto(TOKEN, AES_KEY, APP_ID).encrypt_message(xml, nonce, timestamp)
    encrypt = sealed.split("<Encrypt><![CDATA[")[1].split("]]>")[0]
    sign = hashlib.sha1("".join(sorted((TOKEN, timestamp, nonce, encrypt))).encode())
    query = {"timestamp": timestamp, "nonce": nonce, "encrypt_type": "aes",
             "msg_signature": sign.hexdigest(),
             "signature": hashlib.sha1("".join(sorted((TOKEN, timestamp, nonce))).encode())
             .hexdigest()}
    return query, f"<xml><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>"


def _xml(openid: str, step: int) -> str:
    head = (f"<xml><ToUserName>gh</ToUserName><FromUserName>{openid}</FromUserName>"
            f"<CreateTime>{1700000000 + step}</CreateTime>")
    if step == 0:
        return head + "<MsgType>event</MsgType><Event>subscribe</Event></xml>"
    return (head + f"<MsgType>text</MsgType><Content>{ANSWERS[step - 1]}</Content>"
            f"<MsgId>{abs(hash(openid)) % 10**9 * 10 + step}</MsgId></xml>")


async def _follower(client: aiohttp.ClientSession, url: str, number: int,
                    samples: list[float], fallbacks: list[int]) -> None:
    openid = f"o-bench-{number}"
    for step in range(len(ANSWERS) + 1):
        query, body = _post(_xml(openid, step), f"n{number}s{step}")
        start = time.perf_counter()
        async with client.post(url, params=query, data=body.encode()) as answer:
            text = await answer.text()
        samples.append(time.perf_counter() - start)
        if text == "success":
            fallbacks.append(1)


async def _main() -> dict[str, Any]:
    api_runner, api = await _fake_api()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp)
            settings = Settings(data_dir=data, secret_key="benchmark secret for wechat",
                                database_url=f"sqlite+aiosqlite:///{data / 'awardbot.db'}",
                                wechat_token=TOKEN, wechat_aes_key=AES_KEY, wechat_app_id=APP_ID,
                                wechat_app_secret="s", wechat_api_base=api, log_level="WARNING")
            app = create_app(settings, clock=lambda: dt.date(2024, 1, 3))
            runner = web.AppRunner(app, access_log=None)
            await runner.setup()
            await web.TCPSite(runner, "127.0.0.1", 0).start()
            samples: list[float] = []
            fallbacks: list[int] = []
            url = f"http://127.0.0.1:{runner.addresses[0][1]}/wechat"
            try:
                connector = aiohttp.TCPConnector(limit=USERS)
                async with aiohttp.ClientSession(connector=connector) as client:
                    await asyncio.gather(*(_follower(client, url, n, samples, fallbacks)
                                           for n in range(USERS)))
                await app[ENDPOINT].settle()
            finally:
                await runner.cleanup()
    finally:
        await api_runner.cleanup()
    ordered = sorted(samples)
    p50 = statistics.median(ordered) * 1e3
    p99 = ordered[int(len(ordered) * 0.99) - 1] * 1e3
    return {"name": f"wechat passive reply ({USERS} users, ms)", "p50_us": p50, "p99_us": p99,
            "baseline_p50_us": 5000.0, "ratio_p50": p99 / 5000.0, "p50_ms": p50, "p99_ms": p99,
            "requests": len(ordered), "fallback_replies": len(fallbacks)}


def run() -> dict[str, Any]:
    return asyncio.run(_main())


if __name__ == "__main__":
    result = run()
    print(f"{result['requests']} replies: p50 {result['p50_ms']:.0f} ms, p99 "
          f"{result['p99_ms']:.0f} ms (budget 5000 ms), {result['fallback_replies']} answered "
          "'success' with the rest sent through the customer-service API")
