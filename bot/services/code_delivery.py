"""One-time codes (getting back in with a receipt number) delivered like every other push:
retried with backoff after a transient failure (a platform 5xx, a channel not running in this
process), never lost, never marked sent before the platform accepted it.

A code is tried at once, while the applicant waits. A transient failure keeps the text as a
reminder job of kind `code` (durable: another process or a restart picks it up), retried every
few seconds with backoff until it is sent or the code has expired. Unlike reminders a code is
sent at night and whatever the daily limit or the reminder opt-out: the applicant asked for it
just now. Once sent or expired its text (the code) is erased from the row.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Callable
from typing import Protocol

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.base import utcnow
from bot.db.reminders import PENDING, ReminderJob
from bot.services.push import Outcome

log = logging.getLogger(__name__)
CODE = "code"
FIRST_RETRY = dt.timedelta(seconds=5)
INTERVAL_SECONDS = 5.0
"""How often the runner retries while codes wait; otherwise it sleeps until one is queued (or
the reminder interval passes, which also picks up codes queued before a restart)."""


class Push(Protocol):
    async def push(self, session: AsyncSession, applicant_id: int, text: str,
                   now: dt.datetime) -> Outcome: ...


async def send(session: AsyncSession, push: Push, applicant_id: int, text: str,
               now: dt.datetime, expires: dt.datetime,
               queued: Callable[[], None] = lambda: None) -> Outcome:
    """Push `text` now; after a transient failure keep it for `deliver` to retry and call
    `queued` (the runner's wake-up)."""
    outcome = await push.push(session, applicant_id, text, now)
    if outcome.status == "retry":
        session.add(ReminderJob(
            applicant_id=applicant_id, kind=CODE, programme="", params={"text": text},
            dedupe_key=secrets.token_hex(32), status="retry", due_at=now + FIRST_RETRY,
            expires_at=expires, attempts=1, channel=outcome.channel or None,
            last_error=outcome.reason[:300]))
        log.warning("a one-time code could not be sent yet (%s); retrying", outcome.reason)
        queued()
    return outcome


def _settle(job: ReminderJob, outcome: Outcome, moment: dt.datetime) -> None:
    job.attempts += 1
    job.channel = outcome.channel or None
    if outcome.status == "queued":
        # In the outbox now, which retries it and tells `reminder_worker.settled` the result.
        job.status, job.outbox_key, job.params = "outbox", outcome.key, {}
        return
    if outcome.status == "retry":
        job.last_error = outcome.reason[:300]
        job.due_at = moment + FIRST_RETRY * 2 ** (job.attempts - 1)
        return
    job.status = "sent" if outcome.status == "sent" else "undeliverable"
    job.sent_at = moment if outcome.status == "sent" else None
    job.last_error = outcome.reason[:300] or None
    job.params = {}


async def deliver(sessions: async_sessionmaker[AsyncSession], push: Push,
                  now: Callable[[], dt.datetime] = utcnow) -> int:
    """Retry the codes that are due and erase expired ones; returns how many still wait.
    One read when there is nothing to do."""
    moment = now()
    async with sessions() as session:
        waiting = (await session.execute(select(ReminderJob.id, ReminderJob.due_at,
                                                ReminderJob.expires_at).where(
            ReminderJob.kind == CODE, ReminderJob.status.in_(PENDING))
            .order_by(ReminderJob.id))).all()
    expired = [row.id for row in waiting if row.expires_at <= moment]
    if expired:
        async with sessions.begin() as session:
            await session.execute(update(ReminderJob).where(ReminderJob.id.in_(expired)).values(
                status="expired", params={}, last_error="the code expired before it was sent"))
    left = 0
    for row in waiting:
        if row.expires_at <= moment:
            continue
        if row.due_at > moment:
            left += 1
            continue
        async with sessions.begin() as session:
            job = await session.scalar(select(ReminderJob).where(
                ReminderJob.id == row.id, ReminderJob.status.in_(PENDING))
                .with_for_update(skip_locked=True))
            if job is None:
                continue
            outcome = await push.push(session, job.applicant_id, str(job.params["text"]),
                                      moment)
            _settle(job, outcome, moment)
            left += outcome.status == "retry"
    return left
