"""The applicant-reminder worker alongside the web app (an aiohttp cleanup context).

Every `reminder_interval_seconds` it plans the reminders (`reminder_schedule`, idempotent) and
queues the due ones in the outbox (`reminder_worker`), in every process: the schedule
deduplicates by key and the worker claims people with SKIP LOCKED. It always runs, also without
Telegram or WeChat: web-only applicants find their reminders on the page, and a chat's reminder
waits in the outbox for a process running that channel.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import AsyncIterator, Callable

from aiohttp import web

from bot.db.base import utcnow
from bot.runtime import CLOCK, OUTBOX, SESSIONS, SETTINGS, running
from bot.services import reminder_schedule, reminder_worker
from bot.services.push import Pusher
from eligibility import programmes

log = logging.getLogger(__name__)
ROUND_LOCK = web.AppKey("reminder_round_lock", asyncio.Lock)


async def run_once(app: web.Application, now: Callable[[], dt.datetime] = utcnow
                   ) -> reminder_worker.Tally:
    """One round; rounds of one process never overlap (the loop's and one run by hand)."""
    sessions = app[SESSIONS]
    async with app[ROUND_LOCK]:
        queued = await reminder_schedule.schedule(sessions, programmes(), now)
        tally = await reminder_worker.deliver(sessions, Pusher(), programmes(), now)
    if tally.queued:
        app[OUTBOX].wake()
    if queued or tally.sent or tally.queued or tally.failed:
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

