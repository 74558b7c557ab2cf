"""Reminders on Telegram with the real aiogram Bot against the fake Bot API: a whole round of
the app's reminder worker (plan, claim, compose, queue) and the outbox's sender reach the chat
once, a blocked bot makes the reminder undeliverable with the reason, and the pacer's outcome
can be awaited.

The app runs its own reminder worker meanwhile, on the app's clock. The app runs on the day of
the rounds run here (`telegram_today`), so whichever worker takes a person does the same work;
the assertions are on what happened to the reminder, not on which round did it."""

from __future__ import annotations

import datetime as dt

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from sqlalchemy import select
from tg_fakes import FakeBotApi

from bot.db import store
from bot.db.reminders import ReminderJob
from bot.runtime import SESSIONS
from bot.services import reminder_jobs, reminder_runner
from bot.services.staff_notices import CHINA_TIME
from fakes.bot_api import BLOCKED
from handlers.telegram import CHANNEL
from handlers.telegram.render import Outgoing
from tests.outbox_wait import delivered

App = tuple[TestClient, FakeBotApi, web.Application]
MORNING = dt.datetime(2021, 12, 2, 9, 30, tzinfo=CHINA_TIME).astimezone(dt.UTC)


@pytest.fixture
def telegram_today() -> dt.date:
    """The app's own reminder worker runs on the day of MORNING too: on another day it would
    expire (or not yet send) the reminder these tests send by hand."""
    return MORNING.astimezone(CHINA_TIME).date()


async def _subscriber(app: web.Application, chat: str) -> int:
    """A Telegram applicant subscribed to the Luoyang programme's next round (open on
    2021-12-02, deadline 2021-12-09)."""
    async with app[SESSIONS].begin() as session:
        ref = await store.find_or_create_applicant(session, "telegram", chat)
        await reminder_jobs.subscribe(session, ref.id, "luoyang-skill-entrepreneur-star",
                                      "2020-12-09")
    return ref.id


async def _statuses(app: web.Application) -> list[tuple[str, str | None, str | None]]:
    async with app[SESSIONS]() as session:
        return [(j.status, j.channel, j.last_error)
                for j in await session.scalars(select(ReminderJob).order_by(ReminderJob.id))]


async def test_a_worker_round_sends_the_reminder_to_the_chat_once(telegram_app: App) -> None:
    _, fake, app = telegram_app
    await _subscriber(app, "4242")
    for _ in range(2):
        await reminder_runner.run_once(app, lambda: MORNING)
        await delivered(app)
    sent = fake.sent(4242)
    assert len(sent) == 1
    assert "新一轮申报开始了" in sent[0]["text"] and "2021年12月9日" in sent[0]["text"]
    assert "不再提醒" in sent[0]["text"]
    assert await _statuses(app) == [("sent", "telegram", None)]


async def test_a_blocked_bot_makes_the_reminder_undeliverable_with_the_reason(
        telegram_app: App) -> None:
    _, fake, app = telegram_app
    fake.fail_next.append(BLOCKED)
    await _subscriber(app, "5151")
    await reminder_runner.run_once(app, lambda: MORNING)
    await delivered(app)
    assert fake.sent(5151) == []
    assert await _statuses(app) == [
        ("undeliverable", "telegram", "blocked: Forbidden: bot was blocked by the user")]
    await reminder_runner.run_once(app, lambda: MORNING + dt.timedelta(days=1))
    assert await _statuses(app) == [
        ("undeliverable", "telegram", "blocked: Forbidden: bot was blocked by the user")]


async def test_the_pacer_outcome_of_a_message_can_be_awaited(telegram_app: App) -> None:
    _, fake, app = telegram_app
    record = app[CHANNEL].pacer.submit("6060", Outgoing("你好"))
    assert await record.outcome() == "sent"
    assert [m["text"] for m in fake.sent(6060)] == ["你好"]
