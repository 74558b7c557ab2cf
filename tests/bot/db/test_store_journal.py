"""Consents, the event log, and deduplication of retried deliveries."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import Channel, Event, ProcessedInbound
from bot.db.store import (
    DuplicateInbound,
    PlaintextIdNumber,
    append_event,
    common,
    current_consent,
    find_or_create_applicant,
    processed_reply,
    purge_processed_inbound,
    record_consent,
    record_processed,
    withdraw_consent,
)

Sessions = async_sessionmaker[AsyncSession]
REPLY = [{"kind": "text", "text": "请问您在哪个省？"}, {"kind": "choice", "options": ["河南省"]}]


async def _applicant(sessions: Sessions) -> int:
    async with sessions.begin() as session:
        return (await find_or_create_applicant(session, "wechat", "oXyz")).id


async def test_consent_is_recorded_and_the_latest_one_in_force_wins(sessions: Sessions) -> None:
    applicant = await _applicant(sessions)
    earlier = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    async with sessions.begin() as session:
        assert await current_consent(session, applicant) is None
        await record_consent(session, applicant, "2024-01", "wechat", at=earlier)
        await record_consent(session, applicant, "2024-03", Channel.WEB)
    async with sessions() as session:
        consent = await current_consent(session, applicant)
    assert consent is not None
    assert (consent.version, consent.channel) == ("2024-03", Channel.WEB)
    assert consent.given_at > earlier


async def test_withdrawing_consent_leaves_none_in_force(sessions: Sessions) -> None:
    applicant = await _applicant(sessions)
    async with sessions.begin() as session:
        await record_consent(session, applicant, "2024-03", "telegram")
    async with sessions.begin() as session:
        assert await withdraw_consent(session, applicant) == 1
    async with sessions() as session:
        assert await current_consent(session, applicant) is None
        assert await withdraw_consent(session, applicant) == 0


async def test_events_are_appended_with_actor_and_time(sessions: Sessions) -> None:
    applicant = await _applicant(sessions)
    async with sessions.begin() as session:
        first = await append_event(session, "screening.completed", {"eligible": ["a"]},
                                   applicant_id=applicant, actor="applicant")
        second = await append_event(session, "worker.started")
    assert second > first
    async with sessions() as session:
        events = (await session.scalars(select(Event).order_by(Event.id))).all()
    assert [(e.kind, e.applicant_id, e.actor, e.payload) for e in events] == [
        ("screening.completed", applicant, "applicant", {"eligible": ["a"]}),
        ("worker.started", None, "system", {}),
    ]
    assert events[0].created_at.tzinfo is not None


async def test_event_payloads_keep_only_masked_numbers(sessions: Sessions) -> None:
    async with sessions.begin() as session:
        await append_event(session, "x", {"id": "11010519491231002X",
                                          "said": ["手机 13800138000", {"n": 3}]})
    async with sessions() as session:
        [event] = (await session.scalars(select(Event))).all()
    assert event.payload == {"id": "110105********002X", "said": ["手机 138****8000", {"n": 3}]}


async def test_a_processed_inbound_returns_the_same_reply(sessions: Sessions) -> None:
    applicant = await _applicant(sessions)
    async with sessions.begin() as session:
        assert await processed_reply(session, "wechat", "oXyz:1001") is None
        await record_processed(session, "wechat", "oXyz:1001", REPLY, applicant_id=applicant)
    async with sessions() as session:
        assert await processed_reply(session, Channel.WECHAT, "oXyz:1001") == REPLY
        assert await processed_reply(session, "telegram", "oXyz:1001") is None


async def test_recording_the_same_inbound_twice_raises_with_the_first_reply(
        sessions: Sessions) -> None:
    applicant = await _applicant(sessions)
    async with sessions.begin() as session:
        await record_processed(session, "wechat", "oXyz:1002", REPLY, applicant_id=applicant)
    async with sessions() as session:
        with pytest.raises(DuplicateInbound) as duplicate:
            await record_processed(session, "wechat", "oXyz:1002", [{"kind": "other"}],
                                   applicant_id=applicant)
        await session.rollback()
    assert duplicate.value.reply == REPLY
    async with sessions.begin() as session:
        await record_processed(session, "telegram", "oXyz:1002", [], applicant_id=applicant)
        rows = (await session.scalars(select(ProcessedInbound))).all()
    assert len(rows) == 2


async def test_stored_replies_keep_only_masked_numbers(sessions: Sessions) -> None:
    async with sessions.begin() as session:
        await record_processed(session, "web", "m1", [{"text": "11010519491231002X"}],
                               applicant_id=None)
    async with sessions() as session:
        assert await processed_reply(session, "web", "m1") == [{"text": "110105********002X"}]


def test_the_last_line_refuses_an_id_number_the_masker_missed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "mask_tree", lambda value: value)
    with pytest.raises(PlaintextIdNumber, match="reply"):
        common.masked_for_storage(["11010519491231002X"], "a stored reply")


async def test_old_processed_inbound_is_purged(sessions: Sessions) -> None:
    async with sessions.begin() as session:
        await record_processed(session, "web", "old", [], applicant_id=None)
    async with sessions.begin() as session:
        await session.execute(ProcessedInbound.__table__.update().values(
            created_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=2)))
        await record_processed(session, "web", "new", [], applicant_id=None)
    async with sessions.begin() as session:
        removed = await purge_processed_inbound(
            session, before=dt.datetime.now(dt.UTC) - dt.timedelta(days=1))
    assert removed == 1
    async with sessions() as session:
        assert await processed_reply(session, "web", "old") is None
        assert await processed_reply(session, "web", "new") == []
