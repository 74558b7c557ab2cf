"""A test clock drives a reminder campaign over ten days for several applicants of the Luoyang
programme (deadline 2021年12月9日): reminders at the right local times, none at night, none
for the submitted application until the office returns it (then daily until resubmitted), none
for the opted-out or the deleted applicant, the one missed during a downtime delivered when the
server is back, and the staff's own deadline reminders alongside."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.conversation import Conversation, Message
from bot.crypto import Vault
from bot.db import store
from bot.db.applications import Application, ApplicationStatus
from bot.db.reminders import ReminderJob
from bot.db.staff_notices import StaffBinding
from bot.services import (
    deadline_reminders,
    reminder_schedule,
    reminder_worker,
    staff,
    staff_notices,
    status,
)
from bot.services.staff_notices import CHINA_TIME
from bot.transcript import load_transcript
from eligibility.loader import programmes
from tests.bot.services.reminder_helpers import (
    SCREENED,
    STARTED,
    Recorded,
    applicant_id,
    at,
    play,
)
from tests.outbox_wait import Queued

DEADLINE = dt.date(2021, 12, 9)
OFFICE = "河南省/洛阳市/洛龙区"
DOWN_FROM, DOWN_UNTIL = at(dt.date(2021, 12, 5), 20), at(dt.date(2021, 12, 6), 15)


def ticks() -> list[dt.datetime]:
    """Every 30 minutes from 2021-12-01 08:00 to 2021-12-10 12:00 Beijing time, except while
    the server is down (12-05 20:00 to 12-06 15:00)."""
    moment, end, out = at(dt.date(2021, 12, 1), 8), at(dt.date(2021, 12, 10), 12), []
    while moment <= end:
        if not DOWN_FROM <= moment < DOWN_UNTIL:
            out.append(moment)
        moment += dt.timedelta(minutes=30)
    return out


async def _people(sessions: async_sessionmaker[AsyncSession], vault: Vault,
                  files_dir: Path) -> dict[str, int]:
    conversation = Conversation(sessions, vault, clock=lambda: dt.date(2021, 12, 1),
                                files_dir=files_dir)
    for who, steps in (("started", STARTED), ("screened", SCREENED), ("submitted", None),
                       ("stopped", STARTED), ("deleted", STARTED)):
        await play(conversation, who, files_dir, steps)
    await conversation.handle(Message("web", "stopped", "stop", text="不再提醒"))
    async with sessions.begin() as session:
        ids = {who: await applicant_id(session, who)
               for who in ("started", "screened", "submitted", "stopped", "deleted")}
        clerk, _ = await staff.create_account(session, "clerk", OFFICE, "office")
        session.add(StaffBinding(staff_id=clerk.id, channel="telegram", external_id="777"))
    return ids


OFFICE_ACTS = {at(dt.date(2021, 12, 3), 12): ApplicationStatus.RETURNED,
               at(dt.date(2021, 12, 5), 12): ApplicationStatus.RESUBMITTED}


async def _office(sessions: async_sessionmaker[AsyncSession], who: int,
                  change: ApplicationStatus, moment: dt.datetime) -> None:
    """The office returns the packet for the phone number; later it is resubmitted (the
    applicant's part is played by the same status change the conversation makes)."""
    async with sessions.begin() as session:
        receipt = await session.scalar(select(Application.receipt).where(
            Application.applicant_id == who))
        assert receipt is not None
        await status.office_decision(session, receipt, change, actor="staff:clerk",
                                     note="电话号码不对", items=["field:phone"])
        await session.execute(update(Application).where(Application.receipt == receipt)
                              .values(updated_at=moment))


async def test_a_ten_day_campaign_reminds_the_right_people_at_the_right_local_times(
        sessions: async_sessionmaker[AsyncSession], vault: Vault, tmp_path: Path) -> None:
    ids = await _people(sessions, vault, tmp_path)
    pushed = Recorded()
    staff_sent: list[tuple[dt.datetime, str]] = []
    staff_queued = Queued(sessions, staff_notices.OUTBOX_KIND)
    packs = programmes()
    for moment in ticks():
        if moment == at(dt.date(2021, 12, 1), 12):
            async with sessions.begin() as session:
                await store.delete_applicant(session, ids["deleted"])
        if moment in OFFICE_ACTS:
            await _office(sessions, ids["submitted"], OFFICE_ACTS[moment], moment)
        await reminder_schedule.schedule(sessions, packs, lambda m=moment: m)
        await reminder_worker.deliver(sessions, pushed, packs, lambda m=moment: m)
        await deadline_reminders.remind(sessions, packs, lambda m=moment: m)
        await staff_notices.deliver(sessions, "https://award.example.cn", lambda m=moment: m)
        staff_sent += [(moment, text) for _, _, text in await staff_queued.new()]

    started = pushed.to(ids["started"])
    assert [m for m, _ in started] == [at(dt.date(2021, 12, 2), 9),
                                      DOWN_UNTIL,
                                      at(dt.date(2021, 12, 8), 9)]
    assert "离截止还有7天（2021年12月9日）" in started[0][1]
    assert "离截止还有3天" in started[1][1], "the missed reminder is sent when back up"
    assert "离截止还有1天" in started[2][1]
    assert all("还缺：" in text and "联系电话" in text and "不再提醒" in text
               for _, text in started)

    async with sessions() as session:
        page = await load_transcript(session, "web", "started")
    shown = [item.text for entry in page for item in entry.reply if hasattr(item, "text")]
    assert [text for text in shown if text.startswith("【申报提醒】")] == [t for _, t in started]

    screened = pushed.to(ids["screened"])
    assert [m for m, _ in screened] == [at(dt.date(2021, 12, 2), 9)]
    assert "您符合申报条件" in screened[0][1] and "技能创业之星" in screened[0][1]

    returned = pushed.to(ids["submitted"])
    assert [m for m, _ in returned] == [at(dt.date(2021, 12, 4), 9), at(dt.date(2021, 12, 5), 9)]
    assert all("被退回修改，还需要修改：联系电话。" in text for _, text in returned)

    for who in ("stopped", "deleted"):
        assert pushed.to(ids[who]) == [], who
    for _, moment, _, _ in pushed.log:
        local = moment.astimezone(CHINA_TIME).time()
        assert dt.time(8) <= local < dt.time(21)

    assert [m.astimezone(CHINA_TIME).date().day for m, text in staff_sent
            if text.startswith("【截止提醒】")] == [2, 6, 8]
    async with sessions() as session:
        cancelled = await session.scalar(select(func.count()).select_from(ReminderJob).where(
            ReminderJob.applicant_id == ids["stopped"], ReminderJob.status != "cancelled"))
    assert cancelled == 0
