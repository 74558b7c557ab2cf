"""Writing reminder rows: queueing a job once, the per-person opt-out, next-round subscriptions.

Queueing is idempotent across processes: a job's dedupe key is a hash of what it is about (kind,
applicant, programme, the deadline or day), the column is unique, and an insert that loses the
race inside a savepoint is simply not queued. Every applicant with a job also gets a recipient
row, which the worker locks to send at most one reminder per person per day.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.reminders import ReminderJob, ReminderRecipient, ReminderSubscription

CHUNK = 500
"""Keys looked up per query (SQLite limits the number of bound parameters)."""


@dataclass(frozen=True)
class Planned:
    """A job the schedule wants to exist: `key` names it, the rest is what gets stored."""

    applicant_id: int
    kind: str
    programme: str
    key: tuple[Any, ...]
    due_at: dt.datetime
    expires_at: dt.datetime
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def dedupe_key(self) -> str:
        parts = (self.kind, self.applicant_id, self.programme, *self.key)
        return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()


async def _recipient(session: AsyncSession, applicant_id: int) -> ReminderRecipient:
    row = await session.get(ReminderRecipient, applicant_id)
    if row is not None:
        return row
    try:
        async with session.begin_nested():
            row = ReminderRecipient(applicant_id=applicant_id, opted_out=False)
            session.add(row)
    except IntegrityError:
        row = await session.get(ReminderRecipient, applicant_id, populate_existing=True)
        assert row is not None
    return row


async def queue(session: AsyncSession, planned: list[Planned]) -> int:
    """Insert the planned jobs not queued before (by anyone); returns how many were new."""
    keys = {p.dedupe_key: p for p in planned}
    if not keys:
        return 0
    known: set[str] = set()
    ordered = list(keys)
    for start in range(0, len(ordered), CHUNK):
        known.update(await session.scalars(select(ReminderJob.dedupe_key).where(
            ReminderJob.dedupe_key.in_(ordered[start:start + CHUNK]))))
    queued = 0
    for key, job in keys.items():
        if key in known:
            continue
        await _recipient(session, job.applicant_id)
        try:
            async with session.begin_nested():
                session.add(ReminderJob(
                    applicant_id=job.applicant_id, kind=job.kind, programme=job.programme,
                    params=job.params, dedupe_key=key, status="queued", due_at=job.due_at,
                    expires_at=job.expires_at, attempts=0))
        except IntegrityError:
            continue
        queued += 1
    return queued


async def opted_out(session: AsyncSession) -> set[int]:
    return set(await session.scalars(select(ReminderRecipient.applicant_id).where(
        ReminderRecipient.opted_out.is_(True))))


async def set_opt_out(session: AsyncSession, applicant_id: int, opted_out: bool) -> None:
    (await _recipient(session, applicant_id)).opted_out = opted_out


async def subscribe(session: AsyncSession, applicant_id: int, programme: str,
                    seen_deadline: str) -> None:
    """Subscribe once per programme; asking again keeps the first closed round."""
    exists = await session.scalar(select(ReminderSubscription.id).where(
        ReminderSubscription.applicant_id == applicant_id,
        ReminderSubscription.programme == programme))
    if exists is None:
        session.add(ReminderSubscription(applicant_id=applicant_id, programme=programme,
                                         seen_deadline=seen_deadline))
