"""Telegram with several workers: each one paces at its share of the global rate, so together
they stay within Telegram's 30 messages a second; a worker stopped for a rolling restart sends
the replies it had queued before it exits; a chat unblocked through another worker gets staff
notices from this one."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient
from test_telegram_staff_binding import _code_from_dashboard, _signed_in
from test_telegram_webhook import CHAT, post, text_update
from tg_fakes import SECRET, TOKEN, FakeBotApi

from bot.app import create_app
from bot.config import Settings
from bot.db import channel_store
from bot.runtime import SESSIONS
from bot.services import staff_notices, staff_worker
from handlers.telegram import CHANNEL
from handlers.telegram.render import Outgoing
from tests.bot.services.test_outbound_pacer import FakeTime
from tests.outbox_wait import delivered


async def test_three_workers_each_send_at_most_ten_messages_a_second(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, secret_key="test secret for telegram tests",
                        database_url=f"sqlite+aiosqlite:///{tmp_path / 'awardbot.db'}",
                        telegram_token=TOKEN, telegram_webhook_secret=SECRET,
                        telegram_api_base="http://127.0.0.1:9", workers=3)
    channel = create_app(settings, clock=lambda: dt.date(2024, 1, 3))[CHANNEL]
    time = FakeTime()
    moments: list[float] = []

    async def send(chat: str, payload: Any) -> None:
        moments.append(time.now)

    channel.send = send  # type: ignore[method-assign]
    pacer = channel.make_pacer(per_chat_interval=0, clock=time.clock, sleep=time.sleep)
    for chat in "abcdef":
        pacer.submit(chat, "hi")
    await pacer.join()
    await channel.bot.session.close()
    gaps = [round(b - a, 6) for a, b in itertools.pairwise(moments)]
    assert len(moments) == 6
    assert gaps == [0.1] * 5


async def test_a_stopping_worker_sends_the_replies_still_queued(
        telegram_app: tuple[TestClient, FakeBotApi, web.Application]) -> None:
    client, fake, app = telegram_app
    channel = app[CHANNEL]
    channel.pacer = channel.make_pacer(per_chat_interval=0.3)
    for n in range(3):
        channel.pacer.submit("601", Outgoing(f"第{n}段"))
    await client.close()
    assert [data["text"] for data in fake.sent(601)] == ["第0段", "第1段", "第2段"]


async def test_a_chat_another_worker_saw_unblock_gets_staff_notices_here(
        telegram_app: tuple[TestClient, FakeBotApi, web.Application]) -> None:
    client, fake, app = telegram_app
    staff_id = await _signed_in(client, app)
    await post(client, app, text_update(f"/bind {await _code_from_dashboard(client)}"))
    await channel_store.set_blocked(app[SESSIONS], "telegram", str(CHAT), True)
    await app[CHANNEL].load_blocked()  # this worker learns of the block...
    assert str(CHAT) in app[CHANNEL].pacer.blocked
    await channel_store.set_blocked(app[SESSIONS], "telegram", str(CHAT), False)  # ...another
    # worker sees the chat write again and unblocks it
    async with app[SESSIONS].begin() as session:
        await staff_notices.add(session, staff_id, staff_notices.PACKET, {
            "programme": "技能创业之星", "receipt": "LS-9", "name": "李*"}, "LS-9")
    await staff_worker.run_once(app, lambda: dt.datetime(2024, 1, 3, 4, tzinfo=dt.UTC),
                                remind=False)
    await app[CHANNEL].pacer.join()
    await delivered(app)
    assert "回执编号：LS-9" in fake.sent(CHAT)[-1]["text"]
