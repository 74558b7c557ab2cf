"""Telegram webhook throughput: updates per second through the whole awardbot pipeline (secret
check, durable inbox, conversation on SQLite, rendering, sending through the real aiogram Bot),
beside a bare aiogram echo bot behind the same webhook handler, in the same run.

Both talk to the same fake Bot API server on 127.0.0.1; pacing limits are lifted for both (the
fake server has no limits to respect), so the figure is our processing cost, not Telegram's.
awardbot's figure runs until every reply has left and every update is marked finished. The two
take turns for `ROUNDS` rounds (awardbot on a fresh database each time) and the medians are
compared: on a shared machine one round of either can be off by a fifth.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

from benchmarks.echo_bot import SECRET
from benchmarks.echo_bot import app as echo_app
from bot.app import create_app
from bot.config import Settings
from bot.runtime import freeze_startup_heap
from handlers.telegram import CHANNEL

CHATS = 50
ROUNDS = 3
WARM_UP = 10
"""Chats run through the script before the clock starts, on both servers: the first updates
of a fresh process pay for compiling each SQL statement and filling caches."""
SCRIPT: list[tuple[str, str]] = [("text", "/start"), ("choice", "agree"), ("text", "河南"),
                                 ("text", "洛阳"), ("text", "洛龙"), ("text", "不清楚")]


async def _fake_api() -> tuple[web.AppRunner, str]:
    counter = 0

    async def handle(request: web.Request) -> web.Response:
        nonlocal counter
        data = await request.post()
        counter += 1
        if request.match_info["method"] == "sendMessage":
            return web.json_response({"ok": True, "result": {
                "message_id": counter, "date": 0, "text": str(data.get("text", "")),
                "chat": {"id": int(str(data["chat_id"])), "type": "private"}}})
        return web.json_response({"ok": True, "result": True})

    app = web.Application()
    app.router.add_post("/bot{token}/{method}", handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, f"http://127.0.0.1:{runner.addresses[0][1]}"


def update_payload(uid: int, chat: int, kind: str, value: str) -> dict[str, Any]:
    user = {"id": chat, "is_bot": False, "first_name": "x", "language_code": "zh-hans"}
    if kind == "choice":
        return {"update_id": uid, "callback_query": {
            "id": str(uid), "from": user, "chat_instance": "c", "data": value,
            "message": {"message_id": 1, "date": 0, "chat": {"id": chat, "type": "private"}}}}
    return {"update_id": uid, "message": {"message_id": uid, "date": 0, "text": value,
                                          "from": user, "chat": {"id": chat, "type": "private"}}}


async def drive(urls: list[str], chats: int = CHATS, first: int = 0) -> tuple[int, float]:
    """Every chat's script, chats `first`... spread over `urls` (the workers); (updates,
    seconds)."""
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}

    async def chat(client: aiohttp.ClientSession, number: int) -> None:
        for step, (kind, value) in enumerate(SCRIPT):
            uid = number * 100 + step
            url = urls[number % len(urls)]
            async with client.post(url, json=update_payload(uid, 10_000 + number, kind, value),
                                   headers=headers) as answer:
                assert answer.status == 200

    start = time.perf_counter()
    async with aiohttp.ClientSession() as client:
        await asyncio.gather(*(chat(client, n) for n in range(first, first + chats)))
    return chats * len(SCRIPT), time.perf_counter() - start


async def _awardbot(api: str, data: Path) -> float:
    settings = Settings(data_dir=data, secret_key="benchmark secret for telegram",
                        database_url=f"sqlite+aiosqlite:///{data / 'awardbot.db'}",
                        telegram_token="1:bench", telegram_webhook_secret=SECRET,
                        telegram_api_base=api, log_level="WARNING")
    app = create_app(settings, clock=lambda: dt.date(2024, 1, 3))
    channel = app[CHANNEL]
    channel.pacer = channel.make_pacer(per_second=1e9, per_chat_interval=0)
    app.on_startup.append(freeze_startup_heap)  # as `awardbot serve` does
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        url = f"http://127.0.0.1:{runner.addresses[0][1]}/telegram/webhook"
        await drive([url], WARM_UP, first=CHATS)
        await channel.settle()
        start = time.perf_counter()
        count, _ = await drive([url])
        await channel.settle()
        return count / (time.perf_counter() - start)
    finally:
        await runner.cleanup()


async def _echo(api: str) -> float:
    runner = web.AppRunner(echo_app(api), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        url = f"http://127.0.0.1:{runner.addresses[0][1]}/telegram/webhook"
        await drive([url], WARM_UP, first=CHATS)
        count, seconds = await drive([url])
        return count / seconds
    finally:
        await runner.cleanup()


async def _main() -> dict[str, Any]:
    api_runner, api = await _fake_api()
    ours_runs: list[float] = []
    bare_runs: list[float] = []
    try:
        for _ in range(ROUNDS):
            with tempfile.TemporaryDirectory() as tmp:
                ours_runs.append(await _awardbot(api, Path(tmp)))
            bare_runs.append(await _echo(api))
    finally:
        await api_runner.cleanup()
    ours, bare = statistics.median(ours_runs), statistics.median(bare_runs)
    return {"name": f"telegram webhook updates/s ({CHATS} chats)", "p50_us": ours,
            "p99_us": ours, "baseline_p50_us": bare, "ratio_p50": ours / bare,
            "awardbot_updates_per_s": ours, "bare_echo_updates_per_s": bare,
            "awardbot_runs": ours_runs, "bare_echo_runs": bare_runs}


def run() -> dict[str, Any]:
    return asyncio.run(_main())


if __name__ == "__main__":
    result = run()
    print(f"awardbot {result['awardbot_updates_per_s']:.0f} updates/s, bare aiogram echo "
          f"{result['bare_echo_updates_per_s']:.0f} updates/s, ratio {result['ratio_p50']:.2f} "
          f"(medians of {ROUNDS}: awardbot "
          f"{', '.join(f'{v:.0f}' for v in result['awardbot_runs'])}; echo "
          f"{', '.join(f'{v:.0f}' for v in result['bare_echo_runs'])})")
