"""The conversation use case on a real database: dedupe, persistence, concurrency, deletion."""

from __future__ import annotations

import asyncio
import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.conversation import Conversation, Message, shanghai_today
from bot.crypto import Vault
from bot.db import store
from bot.db.models import Answer, Applicant, DialogSession, Event
from bot.db.session import create_engine, create_sessionmaker
from bot.storage import FileStore
from bot.transcript import load_transcript
from dialogs.types import Question
from tests.file_stores import BOTH_STORES

TODAY = dt.date(2024, 1, 3)
ID_NUMBER = "410311199005011239"


def conversation(sessions: async_sessionmaker[AsyncSession], vault: Vault,
                 files: FileStore | None = None) -> Conversation:
    return Conversation(sessions, vault, clock=lambda: TODAY, files=files)


def msg(message_id: str, text: str = "", choice: str | None = None,
        who: str = "alice") -> Message:
    if choice is not None:
        return Message("web", who, message_id, kind="choice", choice=choice)
    if not text:
        return Message("web", who, message_id, kind="command", command="start")
    return Message("web", who, message_id, kind="text", text=text)


async def state_of(sessions: async_sessionmaker[AsyncSession], who: str = "alice") -> dict:
    async with sessions.begin() as session:
        applicant = await store.find_or_create_applicant(session, "web", who)
        return (await store.load_dialog(session, applicant.id)).state


async def to_region(conv: Conversation) -> None:
    await conv.handle(msg("m1"))
    await conv.handle(msg("m2", choice="agree"))
    for n, place in enumerate(["河南", "洛阳", "洛龙"]):
        await conv.handle(msg(f"r{n}", place))


def test_shanghai_today_is_a_date() -> None:
    assert isinstance(shanghai_today(), dt.date)


async def test_same_inbound_twice_changes_state_once_and_gets_same_reply(
        sessions: async_sessionmaker[AsyncSession], vault: Vault) -> None:
    conv = conversation(sessions, vault)
    await conv.handle(msg("m1"))
    await conv.handle(msg("m2", choice="agree"))
    first = await conv.handle(msg("m3", "河南"))
    after_first = await state_of(sessions)
    again = await conv.handle(msg("m3", "河南"))
    assert again.duplicate and not first.duplicate
    assert again.outbound == first.outbound
    assert await state_of(sessions) == after_first
    async with sessions() as session:
        assert len(await load_transcript(session, "web", "alice")) == 3


async def test_message_ids_are_scoped_to_their_sender(
        sessions: async_sessionmaker[AsyncSession], vault: Vault) -> None:
    conv = conversation(sessions, vault)
    await conv.handle(msg("same", who="alice"))
    bob = await conv.handle(msg("same", who="bob"))
    assert not bob.duplicate


async def test_new_conversation_object_continues_at_the_same_question(
        sessions: async_sessionmaker[AsyncSession], vault: Vault) -> None:
    await to_region(conversation(sessions, vault))
    reply = await conversation(sessions, vault).handle(msg("x", "不知道这个"))
    questions = [o for o in reply.outbound if isinstance(o, Question)]
    assert "身份证" in questions[-1].text


async def test_id_number_is_stored_encrypted_and_masked_in_the_transcript(
        sessions: async_sessionmaker[AsyncSession], vault: Vault) -> None:
    conv = conversation(sessions, vault)
    await to_region(conv)
    await conv.handle(msg("id", ID_NUMBER))
    async with sessions() as session:
        facts = await store.load_facts(session, vault, 1)
        raw = await session.scalar(select(Answer.value).where(Answer.fact == "id_number"))
        transcript = await load_transcript(session, "web", "alice")
    assert facts["id_number"] == ID_NUMBER
    assert raw is None
    assert ID_NUMBER not in transcript[-1].said and transcript[-1].said.startswith("410311")


async def test_concurrent_messages_from_one_person_do_not_interleave(
        sessions: async_sessionmaker[AsyncSession], vault: Vault) -> None:
    conv = conversation(sessions, vault)
    await conv.handle(msg("m1"))
    await conv.handle(msg("m2", choice="agree"))
    await asyncio.gather(*(conv.handle(msg(f"c{n}", "菜单")) for n in range(5)))
    async with sessions() as session:
        version = await session.scalar(select(DialogSession.version))
        turns = await load_transcript(session, "web", "alice")
    assert version == 7
    assert len(turns) == 7


@BOTH_STORES
async def test_deletion_removes_answers_session_identity_and_files(
        sessions: async_sessionmaker[AsyncSession], vault: Vault, file_store: FileStore) -> None:
    conv = conversation(sessions, vault, files=file_store)
    await to_region(conv)
    file_store.put("1/id-front.jpg", b"jpeg")
    file_store.put("10/uploads/someone-else.jpg", b"jpeg")
    await conv.handle(msg("d1", "/delete"))
    result = await conv.handle(msg("d2", choice="confirm_delete"))
    assert result.deleted
    assert file_store.keys("") == ["10/uploads/someone-else.jpg"]
    async with sessions() as session:
        for model in (Applicant, Answer, DialogSession):
            assert await session.scalar(select(func.count()).select_from(model)) == 0
        payloads = (await session.scalars(select(Event.payload))).all()
        assert all(payload == {} for payload in payloads)
        assert await load_transcript(session, "web", "alice") == []
    retry = await conv.handle(msg("d2", choice="confirm_delete"))
    assert retry.duplicate and retry.deleted
    fresh = await conv.handle(msg("d3", "你好"))
    assert any(isinstance(o, Question) and "同意" in o.options[0].label for o in fresh.outbound)


async def test_two_processes_on_one_database_serialise_one_persons_turns(
        engine: AsyncEngine, database_url: str, vault: Vault) -> None:
    other = create_engine(database_url)
    try:
        first = conversation(create_sessionmaker(engine), vault)
        second = conversation(create_sessionmaker(other), vault)
        await first.handle(msg("m1"))
        await first.handle(msg("m2", choice="agree"))
        await asyncio.gather(*((first if n % 2 else second).handle(msg(f"p{n}", "菜单"))
                               for n in range(6)))
        async with create_sessionmaker(engine)() as session:
            version = await session.scalar(select(DialogSession.version))
            turns = await load_transcript(session, "web", "alice")
        assert version == len(turns) == 8
    finally:
        await other.dispose()


async def test_an_id_number_typed_at_the_wrong_question_is_answered_and_masked(
        sessions: async_sessionmaker[AsyncSession], vault: Vault) -> None:
    """The region question echoes what it could not find; the echo must not carry the number
    in full into the transcript, the stored reply or the screen."""
    conv = conversation(sessions, vault)
    await conv.handle(msg("m1"))
    await conv.handle(msg("m2", choice="agree"))
    result = await conv.handle(msg("early", ID_NUMBER))
    texts = [getattr(item, "text", "") for item in result.outbound]
    assert texts and not any(ID_NUMBER in text for text in texts)
    assert any("410311********1239" in text for text in texts)
    again = await conv.handle(msg("early", ID_NUMBER))
    assert [getattr(item, "text", "") for item in again.outbound] == texts
    async with sessions() as session:
        transcript = await load_transcript(session, "web", "alice")
    assert ID_NUMBER not in repr(transcript)
