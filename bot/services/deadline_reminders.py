"""Reminding bound office accounts of a programme's applicant deadline, 7, 3 and 1 days ahead.

The job may run every few minutes in every process: a reminder's dedupe key is the office, the
programme and the day, so whichever process queues it first wins and the others find it queued.
Reminders are only queued outside the quiet hours (21:00-08:00 Beijing time), so a night
restart does not stack up messages. An office is reminded of a programme once it has any
packet for it: that is how the system knows the programme is the office's business.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.applications import Application, ApplicationStatus
from bot.db.base import utcnow
from bot.services import staff_notices
from eligibility.model import Programme
from eligibility.timeline import window_of

DAYS_BEFORE = (7, 3, 1)
WAITING = (ApplicationStatus.SUBMITTED, ApplicationStatus.RECEIVED,
           ApplicationStatus.RESUBMITTED)


async def _counts(session: AsyncSession, programme: str) -> dict[str, int]:
    """Packets waiting for review per office, with 0 for offices holding only finished ones."""
    rows = (await session.execute(
        select(Application.office, Application.status, func.count())
        .where(Application.programme == programme)
        .group_by(Application.office, Application.status))).all()
    counts: dict[str, int] = {}
    for office, status, count in rows:
        counts[office] = counts.get(office, 0) + (count if status in WAITING else 0)
    return counts


async def remind(sessions: async_sessionmaker[AsyncSession], packs: Iterable[Programme],
                 now: Callable[[], dt.datetime] = utcnow) -> int:
    """Queue today's reminders; returns how many were newly queued."""
    moment = now()
    if staff_notices.quiet(moment):
        return 0
    today = moment.astimezone(staff_notices.CHINA_TIME).date()
    queued = 0
    async with sessions.begin() as session:
        for programme in packs:
            window = window_of(programme, today)
            if window.status not in ("open", "upcoming") or window.days_left not in DAYS_BEFORE:
                continue
            deadline = today + dt.timedelta(days=window.days_left)
            for office, waiting in (await _counts(session, programme.id)).items():
                params = {"programme": programme.name, "days": window.days_left,
                          "deadline": deadline.isoformat(), "waiting": waiting}
                for staff_id in await staff_notices.bound_accounts(session, office):
                    queued += await staff_notices.add(
                        session, staff_id, staff_notices.DEADLINE, params, office,
                        programme.id, today.isoformat())
    return queued
