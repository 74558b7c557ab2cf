"""Finding the applicant behind a channel address."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import Applicant, Channel, ChannelIdentity
from bot.db.store import create_senders, find_or_create_applicant, set_locale

Sessions = async_sessionmaker[AsyncSession]


async def _count(sessions: Sessions, model: type) -> int:
    async with sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_find_or_create_is_idempotent_per_channel_address(sessions: Sessions) -> None:
    async with sessions.begin() as session:
        first = await find_or_create_applicant(session, "wechat", "oAbc123")
    async with sessions.begin() as session:
        again = await find_or_create_applicant(session, Channel.WECHAT, "oAbc123")
    assert first.created and not again.created
    assert again.id == first.id
    assert (await _count(sessions, Applicant), await _count(sessions, ChannelIdentity)) == (1, 1)


async def test_the_same_external_id_on_another_channel_is_another_applicant(
        sessions: Sessions) -> None:
    async with sessions.begin() as session:
        wechat = await find_or_create_applicant(session, "wechat", "42")
        telegram = await find_or_create_applicant(session, "telegram", "42")
    assert wechat.id != telegram.id


async def test_simultaneous_first_messages_create_one_applicant(sessions: Sessions) -> None:
    async def first_contact() -> int:
        async with sessions.begin() as session:
            return (await find_or_create_applicant(session, "telegram", "album-sender")).id

    ids = await asyncio.gather(*(first_contact() for _ in range(5)))
    assert len(set(ids)) == 1
    assert (await _count(sessions, Applicant), await _count(sessions, ChannelIdentity)) == (1, 1)


async def test_locale_is_set_on_creation_and_can_change(sessions: Sessions) -> None:
    async with sessions.begin() as session:
        ref = await find_or_create_applicant(session, "web", "cookie-1", locale="en")
    assert ref.locale == "en"
    async with sessions.begin() as session:
        await set_locale(session, ref.id, "zh_CN")
    async with sessions.begin() as session:
        assert (await find_or_create_applicant(session, "web", "cookie-1")).locale == "zh_CN"


async def test_last_seen_moves_forward_on_each_message(sessions: Sessions) -> None:
    async with sessions.begin() as session:
        await find_or_create_applicant(session, "web", "cookie-2")
    async with sessions() as session:
        before = await session.scalar(select(ChannelIdentity.last_seen_at))
    async with sessions.begin() as session:
        await find_or_create_applicant(session, "web", "cookie-2")
    async with sessions() as session:
        after = await session.scalar(select(ChannelIdentity.last_seen_at))
    assert before is not None and after is not None and after >= before
    assert after.tzinfo is not None


async def test_first_time_senders_are_created_together_in_their_order(
        sessions: Sessions) -> None:
    async with sessions.begin() as session:
        made = await create_senders(session, "telegram", {"301": "en", "302": "zh_CN",
                                                          "303": "en"})
    assert list(made) == ["301", "302", "303"]
    async with sessions() as session:
        rows = (await session.execute(
            select(ChannelIdentity.external_id, Applicant.id, Applicant.locale)
            .join(Applicant, Applicant.id == ChannelIdentity.applicant_id)
            .order_by(ChannelIdentity.external_id))).all()
    assert [(external, applicant, locale) for external, applicant, locale in rows] == [
        ("301", made["301"], "en"), ("302", made["302"], "zh_CN"), ("303", made["303"], "en")]


async def test_a_sender_whose_address_was_taken_is_left_out_without_a_stray_applicant(
        sessions: Sessions) -> None:
    async with sessions.begin() as session:
        taken = await find_or_create_applicant(session, "telegram", "401")
    async with sessions.begin() as session:
        made = await create_senders(session, "telegram", {"401": "zh_CN", "402": "zh_CN"})
    assert list(made) == ["402"] and made["402"] != taken.id
    assert (await _count(sessions, Applicant), await _count(sessions, ChannelIdentity)) == (2, 2)
