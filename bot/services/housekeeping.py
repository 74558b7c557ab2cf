"""Forgetting what is only kept for a while: dedupe records, finished inbox rows, send logs.

Signed callback nonces only matter inside the replay window (`bot.security.replay`), login
throttle keys only until they have been quiet for an hour (`bot.security.throttle`).
Processed-message rows exist so that a platform's retry is answered the same way; WeChat
retries within 15 seconds and Telegram within hours, so a week is generous. Finished Telegram
inbox rows and outbound send records are audit aids with no personal content; they go after
`AUDIT_DAYS`. Without this the tables grow by one row per message forever. Deleting by age is
idempotent, so every process may run it; it runs hourly.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

from aiohttp import web
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.base import utcnow
from bot.db.channels import OutboundMessage, TelegramInbox
from bot.db.store import purge_processed_inbound
from bot.runtime import SESSIONS, running
from bot.security.rate_limits import forget_old_windows
from bot.security.replay import forget_old_nonces
from bot.security.throttle import forget_quiet

log = logging.getLogger(__name__)
DEDUPE_DAYS = 7
AUDIT_DAYS = 90
EVERY_SECONDS = 3600.0


@dataclass(frozen=True)
class Purged:
    processed: int
    inbox: int
    outbound: int
    nonces: int = 0
    login_keys: int = 0
    rate_windows: int = 0


async def purge(sessions: async_sessionmaker[AsyncSession],
                now: Callable[[], dt.datetime] = utcnow) -> Purged:
    moment = now()
    dedupe_before = moment - dt.timedelta(days=DEDUPE_DAYS)
    audit_before = moment - dt.timedelta(days=AUDIT_DAYS)
    async with sessions.begin() as session:
        processed = await purge_processed_inbound(session, before=dedupe_before)
        inbox = await session.execute(delete(TelegramInbox).where(
            TelegramInbox.status != "received", TelegramInbox.received_at < audit_before))
        outbound = await session.execute(delete(OutboundMessage).where(
            OutboundMessage.created_at < audit_before))
        nonces = await forget_old_nonces(session, moment)
        login_keys = await forget_quiet(session, moment)
        windows = await forget_old_windows(session, moment)
    return Purged(processed, int(inbox.rowcount), int(outbound.rowcount),  # type: ignore[attr-defined]
                  nonces, login_keys, windows)


async def _loop(sessions: async_sessionmaker[AsyncSession]) -> None:
    while True:
        try:
            purged = await purge(sessions)
            if any(vars(purged).values()):
                log.info("housekeeping: %s", purged)
        except Exception:
            log.exception("housekeeping: purge failed; retrying in an hour")
        await asyncio.sleep(EVERY_SECONDS)


async def housekeeping_worker(app: web.Application) -> AsyncIterator[None]:
    """A cleanup context: start after the database, stop before it closes."""
    async with running(_loop(app[SESSIONS])):
        yield
