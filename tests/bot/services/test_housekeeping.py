"""Dedupe records and audit rows are forgotten by age; anything still pending is never touched."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.channels import OutboundMessage, TelegramInbox
from bot.db.models import ProcessedInbound
from bot.services import housekeeping

Sessions = async_sessionmaker[AsyncSession]
NOW = dt.datetime(2024, 3, 1, 12, 0, tzinfo=dt.UTC)


def _ago(days: float) -> dt.datetime:
    return NOW - dt.timedelta(days=days)


async def _count(sessions: Sessions, model: type) -> int:
    async with sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_old_rows_go_and_recent_or_pending_rows_stay(sessions: Sessions) -> None:
    async with sessions.begin() as session:
        session.add_all([
            ProcessedInbound(channel="wechat", message_key="old", reply=[], created_at=_ago(8)),
            ProcessedInbound(channel="wechat", message_key="new", reply=[], created_at=_ago(1)),
            TelegramInbox(update_id=1, payload={}, status="done", received_at=_ago(91)),
            TelegramInbox(update_id=2, payload={}, status="received", received_at=_ago(200)),
            TelegramInbox(update_id=3, payload={}, status="failed", received_at=_ago(10)),
            OutboundMessage(channel="telegram", recipient="1", status="sent",
                            created_at=_ago(95)),
            OutboundMessage(channel="telegram", recipient="1", status="sent",
                            created_at=_ago(3)),
        ])
    purged = await housekeeping.purge(sessions, now=lambda: NOW)
    assert purged == housekeeping.Purged(processed=1, inbox=1, outbound=1)
    async with sessions() as session:
        keys = set(await session.scalars(select(ProcessedInbound.message_key)))
        updates = set(await session.scalars(select(TelegramInbox.update_id)))
    assert keys == {"new"}
    assert updates == {2, 3}
    assert await _count(sessions, OutboundMessage) == 1


async def test_purging_twice_removes_nothing_more(sessions: Sessions) -> None:
    async with sessions.begin() as session:
        session.add(ProcessedInbound(channel="web", message_key="k", reply=[],
                                     created_at=_ago(30)))
    assert (await housekeeping.purge(sessions, now=lambda: NOW)).processed == 1
    assert await housekeeping.purge(sessions, now=lambda: NOW) == housekeeping.Purged(0, 0, 0)
