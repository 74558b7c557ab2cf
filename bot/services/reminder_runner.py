"""The applicant-reminder worker alongside the web app (an aiohttp cleanup context).

Every `reminder_interval_seconds` it plans the reminders (`reminder_schedule`, idempotent) and
sends the due ones (`reminder_worker`), in every process: the schedule deduplicates by key and
the worker claims people with SKIP LOCKED. It always runs, also without Telegram or WeChat:
web-only applicants find their reminders on the page. The channels are looked up each round,
so a pacer replaced after start-up (tests, benchmarks) is the one used.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import AsyncIterator, Callable

from aiohttp import web

from bot.db.base import utcnow
from bot.runtime import CLOCK, SESSIONS, SETTINGS, running
from bot.services import reminder_schedule, reminder_worker
from bot.services.push import Pusher
from eligibility import programmes
from handlers import telegram, wechat

log = logging.getLogger(__name__)
ROUND_LOCK = web.AppKey("reminder_round_lock", asyncio.Lock)


def pusher(app: web.Application) -> Pusher:
    """A pusher over the channels this process runs."""
    return Pusher(pacer=app[telegram.CHANNEL].pacer if telegram.CHANNEL in app else None,
                  wechat=app.get(wechat.CLIENT),
                  wechat_pacer=app[wechat.ENDPOINT].sender.pacer if wechat.ENDPOINT in app
                  else None,
                  template_id=app[SETTINGS].wechat_template_id)


async def run_once(app: web.Application, now: Callable[[], dt.datetime] = utcnow
                   ) -> reminder_worker.Tally:
    """One round; rounds of one process never overlap (the loop's and one run by hand)."""
    sessions = app[SESSIONS]
    async with app[ROUND_LOCK]:
        queued = await reminder_schedule.schedule(sessions, programmes(), now)
        tally = await reminder_worker.deliver(sessions, pusher(app), programmes(), now)
    if queued or tally.sent or tally.failed:
        log.info("reminders: %s queued, %s", queued, tally)
    return tally


async def _loop(app: web.Application, interval: float) -> None:
    while True:
        try:
            await run_once(app, app[CLOCK].now)
        except Exception:
            log.exception("reminders: unexpected error; retrying later")
        await asyncio.sleep(interval)


async def reminders_context(app: web.Application) -> AsyncIterator[None]:
    """Start after the database context; stop before it closes."""
    app[ROUND_LOCK] = asyncio.Lock()
    async with running(_loop(app, app[SETTINGS].reminder_interval_seconds)):
        yield

