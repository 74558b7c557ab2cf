"""Turns of different people arriving together run as one batch and write exactly what they
would have written one by one; what a batch cannot take runs on its own."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.conversation import Conversation, Message, Result
from bot.crypto import Vault
from bot.db import store
from bot.db.models import Applicant, ChannelIdentity, Consent, Event, ProcessedInbound
from bot.db.store.batch import TurnWrites
from bot.db.store.common import ConcurrentUpdate
from dialogs.masking import mask_text

TODAY = dt.date(2024, 1, 3)
ID_NUMBER = "410311199005011239"
SCRIPT: list[tuple[str, str]] = [
    ("command", "start"), ("choice", "agree"), ("text", "河南"), ("text", "洛阳"),
    ("text", "洛龙"), ("text", ID_NUMBER), ("text", "不清楚"), ("text", "上一步"),
    ("command", "lang"), ("choice", "en"), ("text", "menu")]


@pytest.fixture(autouse=True)
def batches_hold(caplog: pytest.LogCaptureFixture,
                 request: pytest.FixtureRequest) -> Iterator[None]:
    """A batch that fails falls back to single turns, which would pass these tests too: every
    test but the one about failing batches also checks that no batch was rolled back."""
    yield
    if "failing_batch" not in request.node.name:
        assert not [r for r in caplog.records if "rolled back" in r.getMessage()]


def message(who: str, step: int, kind: str, value: str) -> Message:
    return Message("telegram", who, f"u{step}", kind=kind,  # type: ignore[arg-type]
                   text=value if kind == "text" else "",
                   choice=value if kind == "choice" else None,
                   command=value if kind == "command" else None, locale="zh_CN")


def conversation(sessions: async_sessionmaker[AsyncSession], vault: Vault,
                 sizes: list[int] | None = None) -> Conversation:
    conv = Conversation(sessions, vault, clock=lambda: TODAY)
    if sizes is not None:
        conv.batches.on_batch = sizes.append
    return conv


async def walk(conv: Conversation, who: str, *, alone: bool = False) -> list[Result]:
    handle = conv.handle_alone if alone else conv.handle
    return [await handle(message(who, step, kind, value))
            for step, (kind, value) in enumerate(SCRIPT)]


async def written(sessions: async_sessionmaker[AsyncSession], vault: Vault,
                  who: str) -> dict[str, Any]:
    """Everything stored for `who`, without ids, times and the sender's own name."""
    async with sessions() as session:
        opened = await store.open_turn(session, "telegram", who, "-")
        applicant_id = opened.applicant_id
        assert applicant_id is not None
        answers = {fact: (answer.value, answer.source, answer.sensitive)
                   for fact, answer in (await store.load_answers(
                       session, vault, applicant_id)).items()}
        events = (await session.execute(
            select(Event.kind, Event.payload, Event.actor)
            .where(Event.applicant_id == applicant_id).order_by(Event.id))).all()
        processed = (await session.execute(
            select(ProcessedInbound.message_key, ProcessedInbound.reply)
            .where(ProcessedInbound.applicant_id == applicant_id)
            .order_by(ProcessedInbound.id))).all()
        consents = (await session.execute(
            select(Consent.version, Consent.channel, Consent.withdrawn_at)
            .where(Consent.applicant_id == applicant_id))).all()
        locale = await session.scalar(select(Applicant.locale)
                                      .where(Applicant.id == applicant_id))
    return {"state": opened.dialog.state, "version": opened.dialog.version,
            "answers": answers, "events": [tuple(row) for row in events],
            "processed": [(key.removeprefix(f"{who}:"), reply) for key, reply in processed],
            "consents": [tuple(row) for row in consents], "locale": locale}


async def test_turns_arriving_together_share_batches_and_write_what_single_turns_write(
        sessions: async_sessionmaker[AsyncSession], vault: Vault) -> None:
    sizes: list[int] = []
    conv = conversation(sessions, vault, sizes)
    people = [f"b{n}" for n in range(12)]
    together = await asyncio.gather(*(walk(conv, who) for who in people))
    one_by_one = await walk(conv, "alone", alone=True)

    assert max(sizes) > 1, sizes
    assert sum(sizes) == len(people) * len(SCRIPT)
    expected = await written(sessions, vault, "alone")
    assert expected["answers"]["id_number"] == (ID_NUMBER, "typed", True)
    assert expected["locale"] == "en" and expected["version"] == len(SCRIPT)
    for who, results in zip(people, together, strict=True):
        assert results == one_by_one
        assert await written(sessions, vault, who) == expected


async def test_a_repeated_delivery_in_a_batch_gets_the_stored_reply_and_changes_nothing(
        sessions: async_sessionmaker[AsyncSession], vault: Vault) -> None:
    conv = conversation(sessions, vault)
    await asyncio.gather(*(walk(conv, f"r{n}") for n in range(3)))
    before = await written(sessions, vault, "r0")
    seen = await last_seen(sessions)
    again = await asyncio.gather(*(conv.handle(message(f"r{n}", 2, "text", "河南"))
                                   for n in range(3)))
    assert all(result.duplicate for result in again)
    assert again[0].outbound and again[0] == again[1]
    assert await written(sessions, vault, "r0") == before
    assert await last_seen(sessions) == seen


async def last_seen(sessions: async_sessionmaker[AsyncSession]) -> dict[str, dt.datetime]:
    async with sessions() as session:
        return dict((await session.execute(
            select(ChannelIdentity.external_id, ChannelIdentity.last_seen_at))).all())


async def test_one_sender_s_messages_run_one_after_another_in_order(
        sessions: async_sessionmaker[AsyncSession], vault: Vault) -> None:
    sizes: list[int] = []
    conv = conversation(sessions, vault, sizes)
    await walk(conv, "quick")
    texts = [f"第{n}句" for n in range(8)]
    await asyncio.gather(*(conv.handle(Message("telegram", "quick", f"q{n}", text=text))
                           for n, text in enumerate(texts)))
    stored = await written(sessions, vault, "quick")
    said = [payload["said"] for kind, payload, _ in stored["events"] if kind == "chat.turn"]
    assert said[-len(texts):] == texts
    assert stored["version"] == len(SCRIPT) + len(texts)
    assert sizes[-len(texts):] == [1] * len(texts)


async def test_a_turn_a_batch_cannot_write_runs_on_its_own(
        sessions: async_sessionmaker[AsyncSession], vault: Vault) -> None:
    conv = conversation(sessions, vault)
    await asyncio.gather(walk(conv, "stays"), walk(conv, "leaves"))
    asked = await conv.handle(Message("telegram", "leaves", "d1", kind="command",
                                      command="delete"))
    confirm = next(o.key for item in asked.outbound for o in getattr(item, "options", ())
                   if o.key != "cancel")
    deleted, kept = await asyncio.gather(
        conv.handle(Message("telegram", "leaves", "d2", kind="choice", choice=confirm)),
        conv.handle(Message("telegram", "stays", "k1", text="菜单")))
    assert deleted.deleted and not kept.deleted
    async with sessions() as session:
        gone = await store.open_turn(session, "telegram", "leaves", "-")
    assert gone.applicant_id is None
    assert (await written(sessions, vault, "stays"))["version"] == len(SCRIPT) + 1


async def test_a_failing_batch_is_rolled_back_and_its_turns_run_on_their_own(
        sessions: async_sessionmaker[AsyncSession], vault: Vault,
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    import bot.turn_batch

    sizes: list[int] = []
    conv = conversation(sessions, vault, sizes)
    real = bot.turn_batch.advance

    def breaks_on_one(state: Any, inbound: Any) -> Any:
        if inbound.text == "洛阳" and inbound.nonce.startswith("f1:"):
            raise RuntimeError("a bug in one turn")
        return real(state, inbound)

    monkeypatch.setattr(bot.turn_batch, "advance", breaks_on_one)
    caplog.set_level(logging.WARNING, "bot.turn_batch")
    people = [f"f{n}" for n in range(4)]
    together = await asyncio.gather(*(walk(conv, who) for who in people))
    reference = await walk(conv, "reference", alone=True)
    assert all(results == reference for results in together)
    expected = await written(sessions, vault, "reference")
    for who in people:
        assert await written(sessions, vault, who) == expected
    assert [r for r in caplog.records if "rolled back" in r.getMessage()]


async def test_a_dialog_that_moved_on_fails_the_whole_flush(
        sessions: async_sessionmaker[AsyncSession], vault: Vault) -> None:
    conv = conversation(sessions, vault)
    await asyncio.gather(walk(conv, "m0"), walk(conv, "m1"))
    async with sessions() as session:
        first = await store.open_turn(session, "telegram", "m0", "-")
        second = await store.open_turn(session, "telegram", "m1", "-")
    assert first.applicant_id is not None and second.applicant_id is not None
    writes = TurnWrites(vault)
    writes.save_dialog(first.applicant_id, {"flow": "menu"},
                       expected_version=first.dialog.version)
    writes.save_dialog(second.applicant_id, {"flow": "menu"},
                       expected_version=second.dialog.version - 1)
    with pytest.raises(ConcurrentUpdate):
        async with sessions.begin() as session:
            await writes.flush(session)
    assert (await written(sessions, vault, "m0"))["version"] == len(SCRIPT)


def test_batched_writes_keep_only_masked_id_numbers(vault: Vault) -> None:
    writes = TurnWrites(vault)
    writes.save_dialog(1, {"note": ID_NUMBER}, expected_version=1)
    writes.append_event("chat.turn", {"said": ID_NUMBER}, applicant_id=1, actor="applicant")
    writes.record_processed("telegram", "k", {"outbound": [ID_NUMBER]}, applicant_id=1)
    written = repr((writes._saved_dialogs, writes._events, writes._processed))
    assert ID_NUMBER not in written and mask_text(ID_NUMBER) in written
