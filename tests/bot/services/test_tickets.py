"""Tickets on every backend: opened once per message for the right office, answered once,
saved as FAQ entries that every process picks up within the cache's check interval."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.crypto import Vault
from bot.db.models import Event
from bot.db.tickets import FaqEntry, Ticket, TicketStatus
from bot.services import saved_faq, staff, tickets
from bot.services.saved_faq import SavedFaqCache
from bot.services.staff import Staff
from bot.services.tickets import TicketConflict, TicketRefused, office_for
from tests.bot.test_conversation import ID_NUMBER, conversation, msg, to_region

LUOLONG = "河南省/洛阳市/洛龙区"


def test_a_ticket_goes_to_the_office_a_packet_would_go_to() -> None:
    place = {"province": "河南省", "city": "洛阳市", "county": "洛龙区"}
    assert office_for("henan-flexible-star", place) == LUOLONG
    assert office_for(None, place) == LUOLONG
    assert office_for(None, {"province": "河南省", "city": "洛阳市"}) == "河南省/洛阳市"
    assert office_for(None, {"province": "河南省"}) == ""


async def _ask(sessions: async_sessionmaker[AsyncSession], vault: Vault,
               question: str = "我在两个县都有店，在哪报？") -> None:
    conv = conversation(sessions, vault)
    await to_region(conv)
    await conv.handle(msg("h1", "人工"))
    await conv.handle(msg("h2", question))
    await conv.handle(msg("h2", question))


async def _tickets(sessions: async_sessionmaker[AsyncSession]) -> list[Ticket]:
    async with sessions() as session:
        return list(await session.scalars(select(Ticket).order_by(Ticket.id)))


async def _clerk(sessions: async_sessionmaker[AsyncSession], username: str = "clerk",
                 office: str = LUOLONG) -> Staff:
    async with sessions.begin() as session:
        account, _ = await staff.create_account(session, username, office, "office",
                                                password="correct horse battery")
    return account


async def test_handoff_opens_one_ticket_with_its_office_and_context(
        sessions: async_sessionmaker[AsyncSession], vault: Vault) -> None:
    await _ask(sessions, vault)
    rows = await _tickets(sessions)
    assert len(rows) == 1
    ticket = rows[0]
    assert ticket.office == LUOLONG and ticket.status == TicketStatus.OPEN
    assert ticket.question == "我在两个县都有店，在哪报？" and ticket.channel == "web"
    assert ticket.context["flow"] == "screening" and ticket.context["region"]["county"] == "洛龙区"
    async with sessions() as session:
        events = (await session.scalars(select(Event).where(
            Event.kind == "ticket.opened"))).all()
    assert [e.payload["ticket"] for e in events] == [ticket.id]


async def test_an_id_number_in_the_question_is_masked_in_the_ticket(
        sessions: async_sessionmaker[AsyncSession], vault: Vault) -> None:
    await _ask(sessions, vault, f"我的身份证{ID_NUMBER}输不进去")
    [ticket] = await _tickets(sessions)
    assert ID_NUMBER not in ticket.question and ticket.question.startswith("我的身份证4103")


async def test_an_answer_is_recorded_once_and_an_empty_one_is_refused(
        sessions: async_sessionmaker[AsyncSession], vault: Vault) -> None:
    await _ask(sessions, vault)
    clerk = await _clerk(sessions)
    async with sessions.begin() as session:
        [ticket] = list(await session.scalars(select(Ticket)))
        with pytest.raises(TicketRefused, match="请填写回复内容"):
            await tickets.answer(session, clerk, ticket, "   ")
        await tickets.answer(session, clerk, ticket, " 请到洛龙区人社局报。 ")
    async with sessions.begin() as session:
        ticket = await tickets.find(session, clerk, ticket.id)
        assert ticket is not None and ticket.answer == "请到洛龙区人社局报。"
        with pytest.raises(TicketConflict):
            await tickets.answer(session, clerk, ticket, "第二次回复")
        with pytest.raises(TicketConflict):
            await tickets.close(session, clerk, ticket)
    [ticket] = await _tickets(sessions)
    assert ticket.answer == "请到洛龙区人社局报。" and ticket.answered_by == "clerk"


async def test_a_clerk_of_another_office_cannot_find_the_ticket(
        sessions: async_sessionmaker[AsyncSession], vault: Vault) -> None:
    await _ask(sessions, vault)
    other = await _clerk(sessions, "other", "河南省/洛阳市/西工区")
    [ticket] = await _tickets(sessions)
    async with sessions() as session:
        assert await tickets.find(session, other, ticket.id) is None
        assert await tickets.open_count(session, other) == 0
        assert await tickets.listing(session, other, TicketStatus.OPEN) == []


async def _answered(sessions: async_sessionmaker[AsyncSession], vault: Vault
                    ) -> tuple[Staff, Ticket]:
    await _ask(sessions, vault)
    clerk = await _clerk(sessions)
    async with sessions.begin() as session:
        [ticket] = list(await session.scalars(select(Ticket)))
        await tickets.answer(session, clerk, ticket, "请到洛龙区人社局报。")
    return clerk, ticket


async def test_every_process_sees_a_saved_entry_within_the_check_interval(
        sessions: async_sessionmaker[AsyncSession], vault: Vault) -> None:
    clerk, ticket = await _answered(sessions, vault)
    now = [100.0]
    elsewhere = SavedFaqCache(check_seconds=5, clock=lambda: now[0])
    async with sessions() as session:
        assert (await elsewhere.current(session)).entries == ()
    async with sessions.begin() as session:
        ticket = await tickets.find(session, clerk, ticket.id)
        assert ticket is not None
        entry = await saved_faq.save_from_ticket(session, clerk, ticket, "henan-flexible-star")
    now[0] += 4
    async with sessions() as session:
        assert (await elsewhere.current(session)).entries == ()
    now[0] += 1.5
    async with sessions() as session:
        snapshot = await elsewhere.current(session)
    assert [(e.id, e.answer) for e in snapshot.entries] == [(entry.id, "请到洛龙区人社局报。")]
    async with sessions.begin() as session:
        assert await saved_faq.remove(session, clerk, entry.id)
    now[0] += 5
    async with sessions() as session:
        assert (await elsewhere.current(session)).entries == ()


async def test_a_ticket_is_saved_once_and_removed_only_by_its_office(
        sessions: async_sessionmaker[AsyncSession], vault: Vault) -> None:
    clerk, ticket = await _answered(sessions, vault)
    other = await _clerk(sessions, "other", "河南省/洛阳市/西工区")
    async with sessions.begin() as session:
        ticket = await tickets.find(session, clerk, ticket.id)
        assert ticket is not None
        entry = await saved_faq.save_from_ticket(session, clerk, ticket, "henan-flexible-star")
    async with sessions.begin() as session:
        with pytest.raises(TicketConflict):
            await saved_faq.save_from_ticket(session, clerk, ticket, None)
    async with sessions.begin() as session:
        assert not await saved_faq.remove(session, other, entry.id)
        assert await saved_faq.entries_of(session, other) == []
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(FaqEntry)) == 1


async def test_deleting_the_applicant_deletes_their_tickets_not_the_offices_faq(
        sessions: async_sessionmaker[AsyncSession], vault: Vault) -> None:
    clerk, ticket = await _answered(sessions, vault)
    async with sessions.begin() as session:
        ticket = await tickets.find(session, clerk, ticket.id)
        assert ticket is not None
        await saved_faq.save_from_ticket(session, clerk, ticket, None)
    conv = conversation(sessions, vault)
    await conv.handle(msg("d1", "/delete"))
    assert (await conv.handle(msg("d2", choice="confirm_delete"))).deleted
    assert await _tickets(sessions) == []
    async with sessions() as session:
        entries = list(await session.scalars(select(FaqEntry)))
    assert [(e.ticket_id, e.answer) for e in entries] == [(None, "请到洛龙区人社局报。")]
