"""The applicant-reminder worker alongside the web app (an aiohttp cleanup context).

Every `reminder_interval_seconds` it plans the reminders (`reminder_schedule`, idempotent) and
queues the due ones in the outbox (`reminder_worker`), in every process: the schedule
deduplicates by key and the worker claims people with SKIP LOCKED. It always runs, also without
Telegram or WeChat: web-only applicants find their reminders on the page, and a chat's reminder
waits in the outbox for a process running that channel.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import AsyncIterator, Callable

from aiohttp import web

from bot.db.base import utcnow
from bot.runtime import CLOCK, OUTBOX, SESSIONS, SETTINGS, running
from bot.services import code_delivery, reminder_schedule, reminder_worker
from bot.services.push import Pusher
from eligibility import programmes

log = logging.getLogger(__name__)
ROUND_LOCK = web.AppKey("reminder_round_lock", asyncio.Lock)
CODES_WAITING = web.AppKey("codes_waiting", asyncio.Event)


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


def wake_codes(app: web.Application) -> None:
    """A code waits for a retry: the codes loop runs now rather than at its next round."""
    if CODES_WAITING in app:
        app[CODES_WAITING].set()


async def _codes(app: web.Application) -> None:
    """One-time codes whose first send failed, retried within seconds, not minutes."""
    waiting = app[CODES_WAITING]
    while True:
        waiting.clear()
        left = 1
        try:
            left = await code_delivery.deliver(app[SESSIONS], Pusher(), app[CLOCK].now)
        except Exception:
            log.exception("one-time codes: unexpected error; retrying later")
        if left:
            await asyncio.sleep(code_delivery.INTERVAL_SECONDS)
        else:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(waiting.wait(), app[SETTINGS].reminder_interval_seconds)


async def reminders_context(app: web.Application) -> AsyncIterator[None]:
    """Start after the database context; stop before it closes."""
    app[ROUND_LOCK] = asyncio.Lock()
    app[CODES_WAITING] = asyncio.Event()
    async with running(_loop(app, app[SETTINGS].reminder_interval_seconds)), \
            running(_codes(app)):
        yield

