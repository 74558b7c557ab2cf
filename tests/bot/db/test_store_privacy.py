"""“我的信息”: export everything about an applicant, and delete everything of theirs."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.crypto import Vault
from bot.db.applications import Application
from bot.db.models import (
    Answer,
    Applicant,
    ChannelIdentity,
    Consent,
    DialogSession,
    Event,
    ProcessedInbound,
)
from bot.db.reminders import ReminderRecipient, ReminderSubscription
from bot.db.store import (
    ConcurrentUpdate,
    append_event,
    delete_applicant,
    export_applicant,
    find_applicants_by_fact,
    find_or_create_applicant,
    load_dialog,
    record_consent,
    record_processed,
    save_answers,
    save_dialog,
)
from bot.db.store.applications import create_application
from bot.db.tickets import Ticket

Sessions = async_sessionmaker[AsyncSession]
ID_NUMBER = "11010519491231002X"


async def _full_applicant(sessions: Sessions, vault: Vault, external_id: str) -> int:
    """An applicant with a row in every table: two channels, state, answers, consent, etc."""
    async with sessions.begin() as session:
        applicant = (await find_or_create_applicant(session, "wechat", external_id)).id
        session.add(ChannelIdentity(applicant_id=applicant, channel="telegram",
                                    external_id=f"tg-{external_id}"))
        await save_dialog(session, applicant, {"step": "result"}, expected_version=0)
        await save_answers(session, vault, applicant,
                           {"id_number": ID_NUMBER, "province": "河南省"}, "typed")
        await record_consent(session, applicant, "2024-03", "wechat")
        await append_event(session, "screening.completed", {"programmes": ["henan-youth-star"]},
                           applicant_id=applicant, actor="applicant")
        await record_processed(session, "wechat", f"{external_id}:1", [{"text": "好的"}],
                               applicant_id=applicant)
        await create_application(
            session, applicant, {"programme": "henan-youth-star", "receipt": f"HY-{external_id}",
                                 "fields": {"name": "张三"},
                                 "items": {"id_card": {"status": "provided",
                                                       "files": ["id_card/1.jpg"]}}},
            office="henan", packet_path="p.zip", packet_sha256="0" * 64, packet_size=10)
        session.add(Ticket(applicant_id=applicant, office="henan", programme=None,
                           question="奖金多少？", context={}, channel="wechat", locale="zh_CN",
                           status="open", dedupe_key=f"t-{external_id}"))
        session.add(ReminderRecipient(applicant_id=applicant, opted_out=True))
        session.add(ReminderSubscription(applicant_id=applicant, programme="jinzhong-craftsman",
                                         seen_deadline="2019-07-31"))
    return applicant


async def _rows_of(sessions: Sessions, applicant: int) -> dict[str, int]:
    counts = {}
    async with sessions() as session:
        for model in (ChannelIdentity, DialogSession, Answer, Consent, Event, ProcessedInbound,
                      Application, Ticket, ReminderSubscription):
            counts[model.__tablename__] = int(await session.scalar(
                select(func.count()).select_from(model)
                .where(model.applicant_id == applicant)) or 0)
        counts["applicants"] = int(await session.scalar(
            select(func.count()).select_from(Applicant).where(Applicant.id == applicant)) or 0)
    return counts


async def test_export_contains_everything_held_and_is_json(
        sessions: Sessions, vault: Vault) -> None:
    applicant = await _full_applicant(sessions, vault, "oA")
    async with sessions() as session:
        exported = await export_applicant(session, vault, applicant)
        assert await export_applicant(session, vault, applicant + 100) is None
    assert exported is not None
    json.dumps(exported)
    assert exported["applicant"]["id"] == applicant
    assert {i["channel"] for i in exported["identities"]} == {"wechat", "telegram"}
    assert exported["answers"]["id_number"] == {
        "value": ID_NUMBER, "source": "typed", "sensitive": True,
        "updated_at": exported["answers"]["id_number"]["updated_at"]}
    assert exported["answers"]["province"]["value"] == "河南省"
    assert exported["consents"][0]["version"] == "2024-03"
    assert exported["dialog"]["state"] == {"step": "result"}
    assert exported["events"][0]["kind"] == "screening.completed"
    assert exported["processed_messages"][0]["reply"] == [{"text": "好的"}]
    assert [t["question"] for t in exported["tickets"]] == ["奖金多少？"]
    assert exported["reminders"]["opted_out"] is True
    assert [s["programme"] for s in exported["reminders"]["next_round"]] == ["jinzhong-craftsman"]
    [application] = exported["applications"]
    assert application["receipt"] == "HY-oA" and application["status"] == "submitted"
    assert application["data"]["fields"] == {"name": "张三"}
    assert application["items"]["id_card"] == {"status": "provided",
                                               "files": {"files": ["id_card/1.jpg"]}}


async def test_delete_removes_everything_of_the_applicant_and_nobody_else(
        sessions: Sessions, vault: Vault) -> None:
    gone = await _full_applicant(sessions, vault, "oGone")
    kept = await _full_applicant(sessions, vault, "oKept")
    before = await _rows_of(sessions, kept)
    async with sessions.begin() as session:
        assert await delete_applicant(session, gone) is True
    assert set((await _rows_of(sessions, gone)).values()) == {0}
    assert await _rows_of(sessions, kept) == before
    async with sessions() as session:
        assert await find_applicants_by_fact(session, vault, "id_number", ID_NUMBER) == [kept]
        assert (await load_dialog(session, gone)).version == 0


async def test_delete_anonymises_events_and_records_the_deletion(
        sessions: Sessions, vault: Vault) -> None:
    applicant = await _full_applicant(sessions, vault, "oAnon")
    async with sessions.begin() as session:
        await delete_applicant(session, applicant)
    async with sessions() as session:
        events = (await session.scalars(select(Event).order_by(Event.id))).all()
    assert [(e.kind, e.applicant_id, e.payload, e.actor) for e in events] == [
        ("screening.completed", None, {}, "applicant"),
        ("application_status", None, {}, "applicant"),
        ("applicant.deleted", None, {}, "applicant"),
    ]


async def test_after_deletion_the_same_address_starts_afresh(
        sessions: Sessions, vault: Vault) -> None:
    applicant = await _full_applicant(sessions, vault, "oAgain")
    async with sessions.begin() as session:
        await delete_applicant(session, applicant)
        assert await delete_applicant(session, applicant) is False
    async with sessions.begin() as session:
        again = await find_or_create_applicant(session, "wechat", "oAgain")
    assert again.created and again.id != applicant


async def test_a_turn_running_during_deletion_cannot_recreate_the_dialog(
        sessions: Sessions, vault: Vault) -> None:
    applicant = await _full_applicant(sessions, vault, "oRace")
    turn = sessions()
    try:
        loaded = await load_dialog(turn, applicant)
        async with sessions.begin() as session:
            await delete_applicant(session, applicant)
        with pytest.raises(ConcurrentUpdate):
            await save_dialog(turn, applicant, {"step": "late"}, expected_version=loaded.version)
        await turn.rollback()
    finally:
        await turn.close()
    assert set((await _rows_of(sessions, applicant)).values()) == {0}
