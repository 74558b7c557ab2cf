"""A hand-off reaches the database as a `ticket.opened` event for the dashboard (#6)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.crypto import Vault
from bot.db.models import Event
from tests.bot.test_conversation import conversation, msg, state_of


async def test_handoff_stores_a_ticket_event_and_keeps_the_step(
        sessions: async_sessionmaker[AsyncSession], vault: Vault) -> None:
    conv = conversation(sessions, vault)
    await conv.handle(msg("m1"))
    await conv.handle(msg("m2", choice="agree"))
    await conv.handle(msg("m3", "河南"))
    await conv.handle(msg("m4", "人工"))
    result = await conv.handle(msg("m5", "我在两个县都有店，在哪报？"))
    assert "已转给工作人员" in result.outbound[0].text
    async with sessions() as session:
        events = (await session.scalars(
            select(Event).where(Event.kind == "ticket.opened"))).all()
    assert len(events) == 1
    assert events[0].payload["question"] == "我在两个县都有店，在哪报？"
    assert events[0].payload["region"] == {"province": "河南省"}
    assert events[0].actor == "applicant" and events[0].applicant_id is not None
    state = await state_of(sessions)
    assert state["flow"] == "screening" and state["step"] == "city"


async def test_a_repeated_delivery_does_not_open_a_second_ticket(
        sessions: async_sessionmaker[AsyncSession], vault: Vault) -> None:
    conv = conversation(sessions, vault)
    await conv.handle(msg("m1"))
    await conv.handle(msg("m2", choice="agree"))
    await conv.handle(msg("m3", "人工"))
    await conv.handle(msg("m4", "请打电话给我"))
    await conv.handle(msg("m4", "请打电话给我"))
    async with sessions() as session:
        events = (await session.scalars(
            select(Event).where(Event.kind == "ticket.opened"))).all()
    assert len(events) == 1
