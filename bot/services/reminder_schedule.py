"""Queueing the reminders the rules ask for, for every applicant (safe in every process).

Reads each conversation's state, each applicant's submitted packets and subscriptions, and
queues what `reminder_rules` plans; the dedupe keys make a second run (here or in another
process) queue nothing new. Applicants who said “不再提醒” are skipped; deleted applicants have
no state left to read (and their jobs went with them, by cascade).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.applications import Application
from bot.db.base import utcnow
from bot.db.models import DialogSession
from bot.db.reminders import ReminderSubscription
from bot.services import reminder_jobs, reminder_rules
from bot.services.reminder_jobs import Planned
from bot.services.staff_notices import CHINA_TIME
from dialogs.flows.coverage import REGION_PREFIX
from dialogs.state import DialogState
from eligibility.model import Programme


async def packets_of(session: AsyncSession, applicant_ids: Iterable[int] | None = None
                     ) -> dict[int, list[reminder_rules.Packet]]:
    query = select(Application.applicant_id, Application.programme, Application.receipt,
                   Application.status, Application.updated_at)
    if applicant_ids is not None:
        query = query.where(Application.applicant_id.in_(list(applicant_ids)))
    out: dict[int, list[reminder_rules.Packet]] = defaultdict(list)
    for who, programme, receipt, status, changed in (await session.execute(query)).all():
        out[who].append(reminder_rules.Packet(programme, receipt, status.value,
                                              changed.astimezone(CHINA_TIME).date()))
    return out


async def schedule(sessions: async_sessionmaker[AsyncSession], packs: Iterable[Programme],
                   now: Callable[[], dt.datetime] = utcnow) -> int:
    """Queue every reminder due in the next days; returns how many were new."""
    today = now().astimezone(CHINA_TIME).date()
    by_id = {p.id: p for p in packs}
    async with sessions.begin() as session:
        skip = await reminder_jobs.opted_out(session)
        packets = await packets_of(session)
        planned: list[Planned] = []
        rows = await session.execute(select(DialogSession.applicant_id, DialogSession.state))
        for who, state in rows.all():
            if who not in skip:
                planned += reminder_rules.plan(who, DialogState.from_json(state),
                                               packets.get(who, []), by_id, today)
        for sub in await session.scalars(select(ReminderSubscription)):
            if sub.applicant_id in skip:
                continue
            if sub.programme.startswith(REGION_PREFIX):
                planned += reminder_rules.region_added(
                    sub.applicant_id, sub.programme.removeprefix(REGION_PREFIX),
                    by_id.values(), today)
            elif sub.programme in by_id:
                planned += reminder_rules.next_round(sub.applicant_id, by_id[sub.programme],
                                                     sub.seen_deadline, today)
        return await reminder_jobs.queue(session, planned)
