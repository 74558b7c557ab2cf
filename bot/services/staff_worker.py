"""The staff-notification worker alongside the web app (an aiohttp cleanup context).

Every `forwarding_interval_seconds` it queues due notices in the outbox (`staff_notices`);
every `REMIND_EVERY` it queues the day's deadline reminders first (both are safe to run in
several processes: rows are claimed with SKIP LOCKED and reminders deduplicated by a unique
key). The outbox's senders deliver them. It runs only where a chat channel is wired (the
outbox has a sender), since staff are notified on Telegram and WeChat only.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import AsyncIterator, Callable

from aiohttp import web

from bot.db.base import utcnow
from bot.runtime import CLOCK, OUTBOX, SESSIONS, SETTINGS, running
from bot.services import deadline_reminders, staff_notices
from eligibility import programmes

log = logging.getLogger(__name__)
REMIND_EVERY = 600.0


async def run_once(app: web.Application, now: Callable[[], dt.datetime] = utcnow, *,
                   remind: bool = True) -> int:
    """One round: queue reminders (if asked), then notices; returns notices queued."""
    sessions = app[SESSIONS]
    if remind:
        await deadline_reminders.remind(sessions, programmes(), now)
    queued = await staff_notices.deliver(sessions, app[SETTINGS].public_url, now)
    if queued:
        app[OUTBOX].wake()
    return queued


async def _loop(app: web.Application, interval: float) -> None:
    last_reminder = -REMIND_EVERY
    while True:
        try:
            due = time.monotonic() - last_reminder >= REMIND_EVERY
            await run_once(app, app[CLOCK].now, remind=due)
            if due:
                last_reminder = time.monotonic()
        except Exception:
            log.exception("staff notices: unexpected error; retrying later")
        await asyncio.sleep(interval)


async def staff_notice_worker(app: web.Application) -> AsyncIterator[None]:
    """Start after the database context; stop before it closes. Without a chat channel there
    is nowhere to push to, and no worker runs (notices wait in the table)."""
    if not app[OUTBOX].channels:
        yield
        return
    async with running(_loop(app, app[SETTINGS].forwarding_interval_seconds)):
        yield
