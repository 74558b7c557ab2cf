"""When 灵活就业之星 2025 opens, a Telegram subscriber to “下一轮” hears of it through the real
aiogram Bot and the fake Bot API: not at night (21:00-08:00 Beijing), once in the morning, with
the new round's deadline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from tg_fakes import FakeBotApi

from bot.db import store as db_store
from bot.runtime import SESSIONS
from bot.services import reminder_jobs, reminder_runner
from bot.services.rounds import cache, store
from bot.services.staff_notices import CHINA_TIME
from eligibility.rounds import draft, registry
from tests.outbox_wait import delivered
from tests.round_notices import PID, henan_flexible_2025, settle

App = tuple[TestClient, FakeBotApi, web.Application]


def _beijing(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), CHINA_TIME).astimezone(dt.UTC)


@pytest.fixture(autouse=True)
def no_rounds_after() -> Iterator[None]:
    yield
    registry.install([], "")


async def test_a_subscriber_hears_of_the_new_round_in_the_morning_once(
        telegram_app: App) -> None:
    _, fake, app = telegram_app
    async with app[SESSIONS].begin() as session:
        who = await db_store.find_or_create_applicant(session, "telegram", "7373")
        await reminder_jobs.subscribe(session, who.id, PID, "2024-01-15")
    night = _beijing(dt.date(2025, 1, 2), 22)
    await reminder_runner.run_once(app, lambda: night)
    await delivered(app)
    assert fake.sent(7373) == []
    async with app[SESSIONS].begin() as session:
        await store.open_round(session, settle(draft.new_round(PID, henan_flexible_2025())),
                               office="河南省", by="staff:hn")
        await cache.refresh(session)
    await reminder_runner.run_once(app, lambda: night)
    await delivered(app)
    assert fake.sent(7373) == []
    morning = _beijing(dt.date(2025, 1, 3), 9)
    for _ in range(2):
        await reminder_runner.run_once(app, lambda: morning)
        await delivered(app)
    sent = fake.sent(7373)
    assert len(sent) == 1
    assert "新一轮申报开始了" in sent[0]["text"] and "2025年1月15日" in sent[0]["text"]
