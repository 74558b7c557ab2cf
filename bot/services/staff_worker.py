"""The staff-notification worker alongside the web app (an aiohttp cleanup context).

Every `forwarding_interval_seconds` it hands due notices to the running channels; every
`REMIND_EVERY` it queues the day's deadline reminders (both are safe to run in several
processes: rows are claimed with SKIP LOCKED and reminders deduplicated by a unique key).
It runs only when Telegram or WeChat is configured.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import AsyncIterator, Callable

from aiohttp import web

from bot.db.base import utcnow
from bot.runtime import CLOCK, SESSIONS, SETTINGS, running
from bot.services import deadline_reminders, staff_notices
from eligibility import programmes
from handlers import telegram, wechat
from handlers.telegram.render import Outgoing

log = logging.getLogger(__name__)
REMIND_EVERY = 600.0


def channel_sender(app: web.Application) -> staff_notices.Send:
    """Send through this process's Telegram pacer or WeChat sender, when they run."""

    def send(channel: str, external_id: str, text: str) -> bool:
        if channel == "telegram" and telegram.CHANNEL in app:
            app[telegram.CHANNEL].pacer.submit(external_id, Outgoing(text))
            return True
        if channel == "wechat" and wechat.ENDPOINT in app:
            app[wechat.ENDPOINT].sender.enqueue(external_id, [text])
            return True
        return False

    return send


async def run_once(app: web.Application, now: Callable[[], dt.datetime] = utcnow, *,
                   remind: bool = True) -> int:
    """One round: queue reminders (if asked), then deliver; returns notices handed over."""
    sessions = app[SESSIONS]
    if telegram.CHANNEL in app:
        await app[telegram.CHANNEL].load_blocked()
    if remind:
        await deadline_reminders.remind(sessions, programmes(), now)
    return await staff_notices.deliver(sessions, channel_sender(app),
                                       app[SETTINGS].public_url, now)


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
    """Start after the database context; stop before it closes. Without Telegram or WeChat
    there is nowhere to push to, and no worker runs (notices wait in the table)."""
    if telegram.CHANNEL not in app and wechat.ENDPOINT not in app:
        yield
        return
    async with running(_loop(app, app[SETTINGS].forwarding_interval_seconds)):
        yield
