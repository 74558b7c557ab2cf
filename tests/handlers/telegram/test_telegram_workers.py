"""With several workers each one paces Telegram at its share of the global rate, so together
they stay within Telegram's 30 messages a second."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Any

from tg_fakes import SECRET, TOKEN

from bot.app import create_app
from bot.config import Settings
from handlers.telegram import CHANNEL
from tests.bot.services.test_outbound_pacer import FakeTime


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
