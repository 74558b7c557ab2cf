"""Staff notices: one per bound account of the packet's office, delivered once, never at
night; deadline reminders 7, 3 and 1 days ahead, once per office, programme and day."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.conversation import Conversation
from bot.crypto import Vault
from bot.db.applications import Application
from bot.db.staff_notices import StaffBinding, StaffNotice
from bot.outbox import DEAD, SENT, rows_for
from bot.outbox.store import Settled
from bot.services import deadline_reminders, staff, staff_notices
from eligibility.loader import programmes
from tests.bot.services import walk
from tests.outbox_wait import Queued

NAME = "luoyang"
OFFICE = "河南省/洛阳市/洛龙区"
URL = "https://award.example.cn"
BEIJING = staff_notices.CHINA_TIME


def at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), BEIJING).astimezone(dt.UTC)


class Outbox:
    """What `deliver` queued in the outbox, read back (channel, recipient, text)."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._queued = Queued(sessions, staff_notices.OUTBOX_KIND)
        self.sent: list[tuple[str, str, str]] = []

    async def read(self) -> list[tuple[str, str, str]]:
        self.sent += await self._queued.new()
        return self.sent


async def _accounts(sessions: async_sessionmaker[AsyncSession]) -> dict[str, int]:
    """Two bound clerks of the packet's office (one on both channels), one unbound clerk, and
    a bound clerk of another county."""
    ids: dict[str, int] = {}
    async with sessions.begin() as session:
        for username, office in (("both", OFFICE), ("tg", OFFICE), ("none", OFFICE),
                                 ("far", "河南省/洛阳市/西工区")):
            account, _ = await staff.create_account(session, username, office, "office")
            ids[username] = account.id
        for username, channel, external in (("both", "telegram", "101"),
                                            ("both", "wechat", "o-both"),
                                            ("tg", "telegram", "102"),
                                            ("far", "telegram", "999")):
            session.add(StaffBinding(staff_id=ids[username], channel=channel,
                                     external_id=external))
    return ids


async def _submit(sessions: async_sessionmaker[AsyncSession], vault: Vault,
                  files_dir: Path) -> Application:
    today = walk.today_of(NAME)
    conversation = Conversation(sessions, vault, clock=lambda: today, files_dir=files_dir)
    await walk.play(conversation, NAME, files_dir)
    async with sessions() as session:
        return (await session.scalars(select(Application))).one()


async def test_a_submitted_packet_notifies_each_bound_account_of_its_office_once(
        sessions: async_sessionmaker[AsyncSession], vault: Vault, tmp_path: Path) -> None:
    ids = await _accounts(sessions)
    application = await _submit(sessions, vault, tmp_path)
    async with sessions() as session:
        queued = sorted(await session.scalars(select(StaffNotice.staff_id)))
    assert queued == sorted([ids["both"], ids["tg"]])
    outbox = Outbox(sessions)
    noon = at(walk.today_of(NAME), 12)
    assert await staff_notices.deliver(sessions, URL, lambda: noon) == 2
    assert await staff_notices.deliver(sessions, URL, lambda: noon) == 0
    assert sorted((c, e) for c, e, _ in await outbox.read()) == [
        ("telegram", "101"), ("telegram", "102"), ("wechat", "o-both")]
    text = outbox.sent[0][2]
    assert application.receipt in text and f"{URL}/staff/p/{application.receipt}" in text
    assert "技能创业之星" in text and "测*" in text
    assert application.data["applicant_name"] not in text
    assert "id_number" not in text and "身份证" not in text


async def test_notices_queued_at_night_wait_for_the_morning(
        sessions: async_sessionmaker[AsyncSession], vault: Vault, tmp_path: Path) -> None:
    await _accounts(sessions)
    await _submit(sessions, vault, tmp_path)
    outbox = Outbox(sessions)
    day = walk.today_of(NAME)
    for hour in (21, 23):
        assert await staff_notices.deliver(sessions, URL, lambda h=hour: at(day, h)) == 0
    night = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(7, 59), BEIJING)
    assert await staff_notices.deliver(sessions, URL, lambda: night) == 0
    assert await outbox.read() == []
    morning = at(day + dt.timedelta(days=1), 8)
    assert await staff_notices.deliver(sessions, URL, lambda: morning) == 2


async def test_a_notice_is_sent_only_once_a_platform_accepted_it(
        sessions: async_sessionmaker[AsyncSession], vault: Vault, tmp_path: Path) -> None:
    """Queued in the outbox is not sent: `sent_at` waits for the outbox's word that a platform
    took it on one of the account's bindings, and stays empty if every one was refused."""
    ids = await _accounts(sessions)
    await _submit(sessions, vault, tmp_path)
    noon = at(walk.today_of(NAME), 12)
    assert await staff_notices.deliver(sessions, URL, lambda: noon) == 2
    rows = await rows_for(sessions, kind=staff_notices.OUTBOX_KIND)
    by_recipient = {row.recipient: row for row in rows}

    async def sent_at() -> dict[int, dt.datetime | None]:
        async with sessions() as session:
            return dict((await session.execute(select(StaffNotice.staff_id,
                                                      StaffNotice.sent_at))).all())

    assert await sent_at() == {ids["both"]: None, ids["tg"]: None}
    async with sessions.begin() as session:
        await staff_notices.settled(session, [
            Settled(by_recipient["101"].id, SENT, 1, key=by_recipient["101"].idempotency_key),
            Settled(by_recipient["102"].id, DEAD, 1, "blocked: Forbidden",
                    key=by_recipient["102"].idempotency_key)], noon)
    assert await sent_at() == {ids["both"]: noon, ids["tg"]: None}


async def _reminders(sessions: async_sessionmaker[AsyncSession], moment: dt.datetime,
                     outbox: Outbox) -> int:
    queued = await deadline_reminders.remind(sessions, programmes(), lambda: moment)
    await staff_notices.deliver(sessions, URL, lambda: moment)
    await outbox.read()
    return queued


async def test_deadline_reminders_come_7_3_and_1_days_ahead_once_and_never_at_night(
        sessions: async_sessionmaker[AsyncSession], vault: Vault, tmp_path: Path) -> None:
    ids = await _accounts(sessions)
    await _submit(sessions, vault, tmp_path)
    outbox = Outbox(sessions)
    await staff_notices.deliver(sessions, URL, lambda: at(dt.date(2021, 12, 1), 12))
    await outbox.read()
    outbox.sent.clear()
    deadline = dt.date(2021, 12, 9)
    sent_on = []
    for days in range(8, -1, -1):
        day = deadline - dt.timedelta(days=days)
        assert await _reminders(sessions, at(day, 22), outbox) == 0
        assert await _reminders(sessions, at(day, 7), outbox) == 0
        if await _reminders(sessions, at(day, 9), outbox):
            sent_on.append(days)
        assert await _reminders(sessions, at(day, 15), outbox) == 0
    assert sent_on == [7, 3, 1]
    assert len(outbox.sent) == 3 * 3
    texts = [text for channel, external, text in outbox.sent if external == "102"]
    assert texts[0].startswith("【截止提醒】") and "2021年12月9日，还有7天" in texts[0]
    assert "还有1份材料等待审核" in texts[0] and f"{URL}/staff/" in texts[0]
    async with sessions() as session:
        far = await session.scalar(select(func.count()).select_from(StaffNotice).where(
            StaffNotice.staff_id == ids["far"]))
    assert far == 0


async def test_two_processes_running_the_reminder_job_at_once_queue_each_reminder_once(
        sessions: async_sessionmaker[AsyncSession], vault: Vault, tmp_path: Path) -> None:
    await _accounts(sessions)
    await _submit(sessions, vault, tmp_path)
    moment = at(dt.date(2021, 12, 2), 10)
    other = async_sessionmaker(sessions.kw["bind"], expire_on_commit=False)
    counts = await asyncio.gather(
        deadline_reminders.remind(sessions, programmes(), lambda: moment),
        deadline_reminders.remind(other, programmes(), lambda: moment))
    async with sessions() as session:
        reminders = await session.scalar(select(func.count()).select_from(StaffNotice).where(
            StaffNotice.kind == staff_notices.DEADLINE))
    assert reminders == 2 and sum(counts) == 2


async def test_two_workers_delivering_at_once_hand_each_notice_over_once(
        sessions: async_sessionmaker[AsyncSession], vault: Vault, tmp_path: Path,
        backend: str) -> None:
    if backend == "sqlite":
        pytest.skip("SQLite has no row locks; the app refuses several processes on SQLite")
    await _accounts(sessions)
    await _submit(sessions, vault, tmp_path)
    noon = at(walk.today_of(NAME), 12)
    outbox = Outbox(sessions)
    other = async_sessionmaker(sessions.kw["bind"], expire_on_commit=False)
    await asyncio.gather(staff_notices.deliver(sessions, URL, lambda: noon),
                         staff_notices.deliver(other, URL, lambda: noon))
    assert sorted((c, e) for c, e, _ in await outbox.read()) == [
        ("telegram", "101"), ("telegram", "102"), ("wechat", "o-both")]
