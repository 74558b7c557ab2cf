"""The reminder worker: one message a day combining what is due, retries that end visibly as
failed, expiry of what is no longer useful, opt-out, and two workers on PostgreSQL never
reminding anyone twice."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.conversation import Conversation
from bot.crypto import Vault
from bot.db import store
from bot.db.models import DialogSession
from bot.db.reminders import ReminderJob
from bot.services import reminder_jobs, reminder_schedule, reminder_worker
from bot.services.push import Outcome
from eligibility.loader import programmes
from eligibility.model import Programme, TimelineEntry
from tests.bot.services.reminder_helpers import STARTED, Recorded, applicant_id, at, play

PROGRAMME = "luoyang-skill-entrepreneur-star"


def with_window(start: dt.date, end: dt.date) -> list[Programme]:
    """The packs, Luoyang with a dated delivery window added (the real packs have none)."""
    packs = []
    for pack in programmes():
        if pack.id == PROGRAMME:
            pack = pack.model_copy(deep=True)
            pack.timeline.append(TimelineEntry(
                id="delivery", what="报送材料", what_en="Deliver the packets", who="county",
                kind="window", start=start.isoformat(), end=end.isoformat(),
                source="测试用的受理窗口"))
        packs.append(pack)
    return packs


async def _started(sessions: async_sessionmaker[AsyncSession], vault: Vault, files: Path,
                   copies: int = 1) -> list[int]:
    """One applicant walked part-way into an application, and `copies - 1` more web
    applicants with the same state."""
    conversation = Conversation(sessions, vault, clock=lambda: dt.date(2021, 12, 1),
                                files_dir=files)
    await play(conversation, "first", files, STARTED)
    async with sessions.begin() as session:
        ids = [await applicant_id(session, "first")]
        state = (await session.get(DialogSession, ids[0])).state  # type: ignore[union-attr]
        for n in range(1, copies):
            ref = await store.find_or_create_applicant(session, "web", f"copy-{n}")
            session.add(DialogSession(applicant_id=ref.id, state=state, version=1))
            ids.append(ref.id)
    return ids


async def _jobs(sessions: async_sessionmaker[AsyncSession], who: int) -> list[ReminderJob]:
    async with sessions() as session:
        return list(await session.scalars(select(ReminderJob).where(
            ReminderJob.applicant_id == who).order_by(ReminderJob.id)))


async def test_what_is_due_the_same_day_goes_out_as_one_message(
        sessions: async_sessionmaker[AsyncSession], vault: Vault, tmp_path: Path) -> None:
    [who] = await _started(sessions, vault, tmp_path)
    packs = with_window(dt.date(2021, 12, 3), dt.date(2021, 12, 4))
    morning = at(dt.date(2021, 12, 2), 9)
    await reminder_schedule.schedule(sessions, packs, lambda: morning)
    pushed = Recorded()
    tally = await reminder_worker.deliver(sessions, pushed, packs, lambda: morning)
    assert tally.sent == 1 and len(pushed.log) == 1
    text = pushed.log[0][2]
    assert "离截止还有7天" in text
    assert "材料只在2021年12月3日至2021年12月4日受理，明天开始" in text
    assert {j.status for j in await _jobs(sessions, who) if j.due_at <= morning} == {"sent"}


async def test_a_second_reminder_the_same_day_waits_for_the_next_morning(
        sessions: async_sessionmaker[AsyncSession], vault: Vault, tmp_path: Path) -> None:
    [who] = await _started(sessions, vault, tmp_path)
    packs = with_window(dt.date(2021, 12, 3), dt.date(2021, 12, 4))
    pushed = Recorded()
    day = dt.date(2021, 12, 2)
    await reminder_schedule.schedule(sessions, programmes(), lambda: at(day, 9))
    await reminder_worker.deliver(sessions, pushed, packs, lambda: at(day, 9))
    await reminder_schedule.schedule(sessions, packs, lambda: at(day, 10))
    tally = await reminder_worker.deliver(sessions, pushed, packs, lambda: at(day, 10))
    assert tally.postponed == 1 and len(pushed.log) == 1
    for hour in (12, 20):
        await reminder_worker.deliver(sessions, pushed, packs, lambda h=hour: at(day, h))
    await reminder_worker.deliver(sessions, pushed, packs, lambda: at(day, 23))
    assert len(pushed.log) == 1
    next_day = day + dt.timedelta(days=1)
    await reminder_worker.deliver(sessions, pushed, packs, lambda: at(next_day, 8))
    assert [m for _, m, _, _ in pushed.log] == [at(day, 9), at(next_day, 8)]
    assert "受理" in pushed.log[1][2]
    assert all(j.status != "queued" or j.due_at > at(next_day, 8)
               for j in await _jobs(sessions, who))


class Failing:
    async def push(self, session: AsyncSession, applicant_id: int, text: str,
                   now: dt.datetime) -> Outcome:
        return Outcome("retry", "telegram", "telegram: failed")


async def test_a_failing_job_is_retried_with_backoff_and_ends_visibly_as_failed(
        sessions: async_sessionmaker[AsyncSession], vault: Vault, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    [who] = await _started(sessions, vault, tmp_path)
    moment = at(dt.date(2021, 12, 2), 9)
    await reminder_schedule.schedule(sessions, programmes(), lambda: moment)
    waits = []
    failed = 0
    for _ in range(reminder_worker.MAX_ATTEMPTS):
        tally = await reminder_worker.deliver(sessions, Failing(), programmes(),
                                              lambda m=moment: m)
        failed += tally.failed
        [job] = [j for j in await _jobs(sessions, who) if j.params["days"] == 7]
        waits.append(job.due_at - moment)
        moment = job.due_at
    assert job.status == "failed" and job.attempts == reminder_worker.MAX_ATTEMPTS
    assert job.last_error == "telegram: failed" and failed == 1
    assert waits[:3] == [dt.timedelta(minutes=2), dt.timedelta(minutes=4),
                         dt.timedelta(minutes=8)]
    assert any("failed after" in r.message for r in caplog.records
               if r.levelno == logging.ERROR)


async def test_a_reminder_no_longer_useful_after_downtime_expires_instead(
        sessions: async_sessionmaker[AsyncSession], vault: Vault, tmp_path: Path) -> None:
    [who] = await _started(sessions, vault, tmp_path)
    await reminder_schedule.schedule(sessions, programmes(), lambda: at(dt.date(2021, 12, 7), 9))
    pushed = Recorded()
    after = at(dt.date(2021, 12, 10), 9)
    tally = await reminder_worker.deliver(sessions, pushed, programmes(), lambda: after)
    assert pushed.log == [] and tally.expired >= 1
    assert {j.params["days"]: j.status for j in await _jobs(sessions, who)}[1] == "expired"


async def test_an_opted_out_applicant_gets_nothing_and_resuming_turns_reminders_on(
        sessions: async_sessionmaker[AsyncSession], vault: Vault, tmp_path: Path) -> None:
    [who] = await _started(sessions, vault, tmp_path)
    moment = at(dt.date(2021, 12, 2), 9)
    await reminder_schedule.schedule(sessions, programmes(), lambda: moment)
    async with sessions.begin() as session:
        await reminder_jobs.set_opt_out(session, who, True)
    tally = await reminder_worker.deliver(sessions, Recorded(), programmes(), lambda: moment)
    assert tally.cancelled >= 1 and tally.sent == 0
    assert await reminder_schedule.schedule(sessions, programmes(), lambda: moment) == 0
    async with sessions.begin() as session:
        await reminder_jobs.set_opt_out(session, who, False)
    later = at(dt.date(2021, 12, 5), 9)
    assert await reminder_schedule.schedule(sessions, programmes(), lambda: later) >= 1


async def test_two_workers_at_once_remind_each_person_once(
        sessions: async_sessionmaker[AsyncSession], vault: Vault, tmp_path: Path,
        backend: str) -> None:
    if backend == "sqlite":
        pytest.skip("SQLite has no row locks: one worker per database (the app refuses "
                    "several processes on SQLite)")
    ids = await _started(sessions, vault, tmp_path, copies=12)
    packs = with_window(dt.date(2021, 12, 3), dt.date(2021, 12, 4))
    morning = at(dt.date(2021, 12, 2), 9)
    await reminder_schedule.schedule(sessions, packs, lambda: morning)
    pushed = Recorded(delay=0.01)
    others = [async_sessionmaker(sessions.kw["bind"], expire_on_commit=False)
              for _ in range(2)]
    for _ in range(3):
        await asyncio.gather(*(reminder_worker.deliver(s, pushed, packs, lambda: morning)
                               for s in (sessions, *others)))
    assert sorted(who for who, _, _, _ in pushed.log) == sorted(ids)


async def test_one_pass_reaches_everyone_due_however_many_batches_it_takes(
        sessions: async_sessionmaker[AsyncSession], vault: Vault, tmp_path: Path) -> None:
    ids = await _started(sessions, vault, tmp_path, copies=5)
    morning = at(dt.date(2021, 12, 2), 9)
    await reminder_schedule.schedule(sessions, programmes(), lambda: morning)
    pushed = Recorded()
    tally = await reminder_worker.deliver(sessions, pushed, programmes(), lambda: morning,
                                          batch=2)
    assert tally.sent == 5 and sorted(who for who, _, _, _ in pushed.log) == sorted(ids)


async def test_a_long_pass_stops_when_the_quiet_hours_begin(
        sessions: async_sessionmaker[AsyncSession], vault: Vault, tmp_path: Path) -> None:
    await _started(sessions, vault, tmp_path, copies=3)
    day = dt.date(2021, 12, 2)
    await reminder_schedule.schedule(sessions, programmes(), lambda: at(day, 9))
    times = iter([at(day, 20, 59), at(day, 20, 59)])
    pushed = Recorded()
    tally = await reminder_worker.deliver(sessions, pushed, programmes(),
                                          lambda: next(times, at(day, 21)), batch=1)
    assert tally.sent == 1 and len(pushed.log) == 1
