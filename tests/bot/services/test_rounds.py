"""Next year's 河南“灵活就业之星” round opened on a real database: the differences listed, a
half-reviewed round refused, the round opened, a subscriber's reminder planned from the new
dates, a packet made and forwarded under the new round while the old packet keeps the old one."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.conversation import Conversation
from bot.crypto import Vault
from bot.db import store as db_store
from bot.db.applications import Application, Outbox
from bot.db.reminders import ReminderJob
from bot.services import forwarding, reminder_jobs, reminder_schedule, review
from bot.services.rounds import cache, store
from bot.services.staff_notices import CHINA_TIME
from bot.storage import FileStore
from dialogs.profile_state import programme_by_id
from eligibility import programmes
from eligibility.rounds import draft, registry
from tests.bot.services import walk
from tests.bot.services.test_forwarding import Inbox, Server, SmtpSettings
from tests.round_notices import henan_flexible_2025, settle

PID = "henan-flexible-star"
NAME = "henan_flexible"
OPEN_DAY = dt.date(2025, 1, 3)


@pytest.fixture(autouse=True)
def no_rounds_after() -> Iterator[None]:
    yield
    registry.install([], "")


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, SmtpSettings]]:
    server = Server()
    server.up()
    try:
        yield server.inbox, SmtpSettings("127.0.0.1", server.port, "awardbot@test.local")
    finally:
        server.down()


async def _open_2025(sessions: async_sessionmaker[AsyncSession]) -> None:
    drafted = draft.new_round(PID, henan_flexible_2025())
    async with sessions.begin() as session:
        _, found = await store.check(session, drafted)
        assert {d.what for d in found if d.kind == "changed"} >= {"dates", "quotas"}
        assert [d.what for d in found if d.kind == "gone"] == ["documents"]
        with pytest.raises(store.RoundRefused, match="处不同没有处理"):
            await store.open_round(session, drafted, office="河南省", by="staff:hn")
    async with sessions.begin() as session:
        await store.open_round(session, settle(drafted), office="河南省", by="staff:hn")
        assert await cache.refresh(session)


async def test_a_round_opened_reaches_subscribers_new_packets_and_spares_old_ones(
        sessions: async_sessionmaker[AsyncSession], vault: Vault, file_store: FileStore,
        smtp: tuple[Inbox, SmtpSettings]) -> None:
    inbox, smtp_settings = smtp
    old_day = walk.today_of(NAME)
    await walk.play(Conversation(sessions, vault, clock=lambda: old_day, files=file_store),
                    NAME, file_store, who="last-year")
    async with sessions.begin() as session:
        subscriber = await db_store.find_or_create_applicant(session, "web", "waiting")
        await reminder_jobs.subscribe(session, subscriber.id, PID, "2024-01-15")

    await _open_2025(sessions)
    current = programme_by_id(PID)
    assert current is not None and current.round_id == "2025"
    assert next(q for q in current.quotas if q.scope == "per_county").count == 3

    morning = dt.datetime.combine(OPEN_DAY, dt.time(9, 30), CHINA_TIME).astimezone(dt.UTC)
    await reminder_schedule.schedule(sessions, programmes(), lambda: morning)
    async with sessions() as session:
        jobs = list(await session.scalars(select(ReminderJob).where(
            ReminderJob.applicant_id == subscriber.id)))
    assert [(j.kind, j.params["deadline"]) for j in jobs] == [("round", "2025-01-15")]

    await walk.play(Conversation(sessions, vault, clock=lambda: OPEN_DAY, files=file_store),
                    NAME, file_store, who="this-year")
    async with sessions() as session:
        old, new = list(await session.scalars(select(Application).order_by(Application.id)))
        outbox = list(await session.scalars(select(Outbox).order_by(Outbox.id)))
    assert (old.data["round"], new.data["round"]) == ("2024", "2025")
    assert review.programme_of(old).edition.startswith("2024年")
    assert review.programme_of(new).edition.startswith("2025年")
    assert len(outbox) == 2
    while await forwarding.deliver_one(sessions, smtp_settings, file_store):
        pass
    editions = []
    for message in inbox.messages:
        attachment = next(part for part in message.walk() if part.get_filename())
        with zipfile.ZipFile(io.BytesIO(attachment.get_payload(decode=True))) as archive:
            editions.append(json.loads(archive.read("manifest.json"))["届次"])
    assert sorted(e[:5] for e in editions) == ["2024年", "2025年"]


async def test_a_round_is_opened_once_and_other_processes_follow(
        sessions: async_sessionmaker[AsyncSession]) -> None:
    await _open_2025(sessions)
    registry.install([], "")
    assert programme_by_id(PID).round_id == "2024"  # type: ignore[union-attr]
    async with sessions() as session:
        assert await cache.refresh(session)
        assert not await cache.refresh(session)
    assert programme_by_id(PID).round_id == "2025"  # type: ignore[union-attr]
    async with sessions.begin() as session:
        with pytest.raises(store.RoundRefused, match="已经开放"):
            await store.open_round(session, settle(draft.new_round(PID, henan_flexible_2025())),
                                   office="河南省", by="staff:other")
