"""Sending due reminders: claimed safely, never at night, at most one message a day per person.

Each round first expires what is no longer useful (a “1 day left” after the deadline), then
takes the people with due jobs one at a time: their recipient row is locked with `FOR UPDATE
SKIP LOCKED` (PostgreSQL; SQLite has a single worker), so two workers never remind the same
person at once. A person already reminded today (Beijing date) has their jobs moved to the next
morning, kept alive until then (the text is worked out again when sent), never dropped. The
person's due jobs become one message on the channel they last used (`bot.services.push`),
queued in the outbox in the same transaction: the jobs are `outbox` until the platform accepted
the message (then `sent`, told by the outbox through `settled`) or it was dead-lettered (then
`undeliverable` with the outbox's reason: blocked, unfollowed, outside WeChat's window without a
template). A push that cannot be queued is retried with exponential backoff and after
`MAX_ATTEMPTS` ends as `failed`. Nothing leaves the queue silently. One-time codes share the
table but not these rules (`code_delivery`).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Protocol

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.base import utcnow
from bot.db.models import Applicant, DialogSession
from bot.db.reminders import PENDING, ReminderJob, ReminderRecipient
from bot.outbox import SENT
from bot.outbox.store import Settled
from bot.services import reminder_texts
from bot.services.code_delivery import CODE
from bot.services.push import Outcome
from bot.services.reminder_schedule import packets_of
from bot.services.staff_notices import CHINA_TIME, QUIET_UNTIL, quiet
from dialogs.state import DialogState
from eligibility.model import Programme

log = logging.getLogger(__name__)
BATCH = 200
MAX_ATTEMPTS = 5
RETRY_AFTER = dt.timedelta(minutes=2)


class Push(Protocol):
    async def push(self, session: AsyncSession, applicant_id: int, text: str,
                   now: dt.datetime) -> Outcome: ...


@dataclass
class Tally:
    """What one round did, for logs and tests."""

    sent: int = 0
    queued: int = 0
    """Handed to the outbox (their jobs become `sent` once the platform accepted them)."""
    retried: int = 0
    failed: int = 0
    undeliverable: int = 0
    expired: int = 0
    cancelled: int = 0
    postponed: int = 0

    def add(self, other: Tally) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


def next_morning(moment: dt.datetime) -> dt.datetime:
    day = moment.astimezone(CHINA_TIME).date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, QUIET_UNTIL, CHINA_TIME).astimezone(dt.UTC)


async def _expire(sessions: async_sessionmaker[AsyncSession], moment: dt.datetime) -> int:
    async with sessions.begin() as session:
        result = await session.execute(
            update(ReminderJob).where(ReminderJob.status.in_(PENDING), ReminderJob.kind != CODE,
                                      ReminderJob.expires_at <= moment)
            .values(status="expired", last_error="no longer useful when it could be sent"))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def _close(jobs: Iterable[ReminderJob], status: str, reason: str = "") -> None:
    for job in jobs:
        job.status, job.last_error = status, reason or None


def _settle(jobs: list[ReminderJob], outcome: Outcome, moment: dt.datetime,
            tally: Tally) -> None:
    for job in jobs:
        job.attempts += 1
        job.channel = outcome.channel or None
    if outcome.status == "queued":
        _close(jobs, "outbox")
        for job in jobs:
            job.outbox_key = outcome.key
        tally.queued += 1
    elif outcome.status == "sent":
        _close(jobs, "sent")
        for job in jobs:
            job.sent_at = moment
        tally.sent += 1
    elif outcome.status == "undeliverable":
        _close(jobs, "undeliverable", outcome.reason)
        tally.undeliverable += 1
    elif max(job.attempts for job in jobs) >= MAX_ATTEMPTS:
        _close(jobs, "failed", outcome.reason)
        log.error("reminder jobs %s failed after %s attempts: %s",
                  [job.id for job in jobs], MAX_ATTEMPTS, outcome.reason)
        tally.failed += 1
    else:
        delay = RETRY_AFTER * 2 ** (max(job.attempts for job in jobs) - 1)
        for job in jobs:
            job.status, job.last_error, job.due_at = "retry", outcome.reason, moment + delay
        tally.retried += 1


async def _one_person(session: AsyncSession, who: int, push: Push,
                      packs: Mapping[str, Programme], moment: dt.datetime) -> Tally:
    tally = Tally()
    recipient = await session.scalar(
        select(ReminderRecipient).where(ReminderRecipient.applicant_id == who)
        .with_for_update(skip_locked=True))
    if recipient is None:
        return tally
    jobs = list(await session.scalars(
        select(ReminderJob).where(ReminderJob.applicant_id == who, ReminderJob.kind != CODE,
                                  ReminderJob.status.in_(PENDING),
                                  ReminderJob.due_at <= moment)
        .order_by(ReminderJob.id).with_for_update()))
    today = moment.astimezone(CHINA_TIME).date()
    if not jobs:
        return tally
    if recipient.opted_out:
        _close(jobs, "cancelled", "the applicant turned reminders off")
        tally.cancelled += len(jobs)
        return tally
    if recipient.last_sent_on == today:
        morning = next_morning(moment)
        for job in jobs:
            job.due_at = morning
            job.expires_at = max(job.expires_at, morning + dt.timedelta(days=1))
        tally.postponed += len(jobs)
        return tally
    return await _remind(session, recipient, jobs, push, packs, moment, tally)


async def _remind(session: AsyncSession, recipient: ReminderRecipient, jobs: list[ReminderJob],
                  push: Push, packs: Mapping[str, Programme], moment: dt.datetime,
                  tally: Tally) -> Tally:
    """Compose one message and queue it in the outbox, in this transaction."""
    who, today = recipient.applicant_id, moment.astimezone(CHINA_TIME).date()
    state = DialogState.from_json(await session.scalar(
        select(DialogSession.state).where(DialogSession.applicant_id == who)))
    packets = (await packets_of(session, [who])).get(who, [])
    parts = []
    for job in jobs:
        found = reminder_texts.facts(job, state, packets, packs, today)
        if found is None:
            _close([job], "cancelled", "no longer applies")
            tally.cancelled += 1
        else:
            parts.append((job, found))
    if not parts:
        return tally
    locale = await session.scalar(select(Applicant.locale).where(Applicant.id == who))
    text = reminder_texts.text(locale or "zh_CN", parts, packs, today)
    outcome = await push.push(session, who, text, moment)
    _settle([job for job, _ in parts], outcome, moment, tally)
    if outcome.status in ("sent", "queued"):
        recipient.last_sent_on = today
    return tally


async def deliver(sessions: async_sessionmaker[AsyncSession], push: Push,
                  packs: Iterable[Programme], now: Callable[[], dt.datetime] = utcnow,
                  *, batch: int = BATCH) -> Tally:
    """One pass over everyone with due jobs, `batch` people per query in applicant order;
    nothing in quiet hours (a long pass stops when they begin). People another worker holds
    are skipped (it sends)."""
    moment = now()
    tally = Tally()
    if quiet(moment):
        return tally
    tally.expired = await _expire(sessions, moment)
    by_id = {p.id: p for p in packs}
    after = 0
    while not quiet(now()):
        async with sessions() as session:
            people = list(await session.scalars(
                select(ReminderJob.applicant_id).where(ReminderJob.status.in_(PENDING),
                                                       ReminderJob.kind != CODE,
                                                       ReminderJob.due_at <= moment,
                                                       ReminderJob.applicant_id > after)
                .group_by(ReminderJob.applicant_id).order_by(ReminderJob.applicant_id)
                .limit(batch)))
        if not people:
            return tally
        for who in people:
            try:
                async with sessions.begin() as session:
                    tally.add(await _one_person(session, who, push, by_id, moment))
            except Exception:
                log.exception("reminders for applicant %s: unexpected error; retried next "
                              "round", who)
        after = people[-1]
    return tally


async def settled(session: AsyncSession, rows: list[Settled], moment: dt.datetime) -> None:
    """The outbox's word on reminder messages (`bot.outbox.store.Hook`): their jobs are sent
    once the platform accepted them, undeliverable with the reason once dead-lettered."""
    for row in rows:
        values: dict[str, object] = (
            {"status": "sent", "sent_at": moment} if row.status == SENT
            else {"status": "undeliverable", "last_error": row.reason})
        await session.execute(update(ReminderJob).where(
            ReminderJob.outbox_key == row.key, ReminderJob.status == "outbox").values(values))
