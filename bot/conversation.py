"""The conversation use case: one inbound message, one step of the engine, committed with it.

Every channel adapter turns what it received into a `Message` and calls `Conversation.handle`.
Plain turns of different people arriving together share one transaction (`bot.turn_batch`);
the rest, and any turn a batch hands back, take the single-turn path described here. One read
comes first (`store.open_turn`: the stored reply of a repeated delivery, the sender and
their dialog state, in one statement), outside the writer queue; a repeated delivery is
answered from it without touching anything. The step then runs in a single transaction: mark
the applicant as seen (or create them), `advance`, apply the effects, save the state expecting
the version it was read at, remember the reply, commit. If another turn of the same applicant
saved first (another worker, another process), the whole step is rolled back and run again on
the fresh state, so two messages from one person never interleave.

Each turn is also appended to the applicant's transcript (see `bot.transcript`) so the web page
can show the conversation after a reload.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import random
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.crypto import Vault
from bot.db import store
from bot.db.session import write_slot
from bot.messages import Message, Result, jsonable, message_key, stored_result
from bot.services import reminder_jobs, submission, tickets
from bot.services.documents import INCOMING
from bot.services.saved_faq import SavedFaqCache
from bot.storage import FileStore, LocalFileStore
from bot.transcript import append_turn, inbound_display, mask_outbound
from bot.turn_batch import TurnBatcher
from dialogs.engine import advance
from dialogs.state import LOCALES, DialogState
from dialogs.types import (
    DeleteAllData,
    Effect,
    FileRef,
    ForgetAnswer,
    Inbound,
    LogEvent,
    OpenTicket,
    RecordConsent,
    SaveAnswer,
    SetLocale,
    SetReminders,
    SubmitApplication,
    SubscribeNextRound,
    SupplementApplication,
    outbound_from_dict,
    outbound_to_dict,
)

Clock = Callable[[], dt.date]
log = logging.getLogger(__name__)
CHINA_TIME = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")
MAX_ATTEMPTS = 8


def shanghai_today() -> dt.date:
    """Today's date in China (UTC+8 all year, no daylight saving): deadlines are local dates."""
    return dt.datetime.now(CHINA_TIME).date()


class ConversationBusy(RuntimeError):
    """The applicant's state kept changing under us for `MAX_ATTEMPTS` tries."""


class Conversation:
    """The use case, wired once per process with its database, vault, clock and files."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], vault: Vault, *,
                 clock: Clock = shanghai_today, files_dir: Path | None = None,
                 files: FileStore | None = None) -> None:
        self.sessions = sessions
        self.vault = vault
        self.clock = clock
        self.files_dir = files_dir
        self.files = files if files is not None or files_dir is None else (
            LocalFileStore(files_dir))
        """Where documents and packets are kept; `files_dir` alone means a local directory."""
        self.saved_faq = SavedFaqCache()
        """FAQ entries staff saved, handed to the engine with each message."""
        self.batches = TurnBatcher(self)
        """Runs plain turns of different people together (`bot.turn_batch`)."""
        self.gates: list[Callable[[Message], Awaitable[Result | None]]] = []
        """Checks run before the engine; one that returns a Result answers the message instead
        (staff binding codes must never reach an applicant's dialog)."""

    def _turn_slot(self) -> AbstractAsyncContextManager[Any]:
        """SQLite allows one writer at a time and makes waiting writers sleep in coarse steps;
        one process queues its own turns instead, in the same queue as its other writers
        (several processes on SQLite are refused)."""
        return write_slot(self.sessions)

    async def handle(self, message: Message) -> Result:
        """Run one message to its reply, retrying on a concurrent turn of the same applicant."""
        for gate in self.gates:
            answered = await gate(message)
            if answered is not None:
                return answered
        batched = await self.batches(message)
        if batched is not None:
            return batched
        return await self.handle_alone(message)

    async def handle_alone(self, message: Message) -> Result:
        """The single-turn path: one transaction for this message alone."""
        key = message_key(message)
        for attempt in range(MAX_ATTEMPTS):
            try:
                async with self.sessions() as session:
                    opened = await store.open_turn(session, message.channel,
                                                   message.external_id, key)
                if opened.reply is not None:
                    return stored_result(opened.reply)
                async with self._turn_slot(), self.sessions.begin() as session:
                    result, applicant_id = await self._step(session, message, opened)
            except store.ConcurrentUpdate:
                await asyncio.sleep(random.uniform(0, 0.02 * (attempt + 1)))
                continue
            except store.DuplicateInbound as duplicate:
                return stored_result(duplicate.reply)
            if result.deleted and applicant_id is not None:
                await self._remove_files(applicant_id)
            return result
        raise ConversationBusy(f"gave up after {MAX_ATTEMPTS} concurrent updates")

    async def _step(self, session: AsyncSession, message: Message,
                    opened: store.OpenedTurn) -> tuple[Result, int | None]:
        key = message_key(message)
        locale = message.locale if message.locale in LOCALES else None
        applicant = await store.claim_applicant(session, opened, message.channel,
                                                message.external_id, locale=locale or "zh_CN")
        loaded = opened.dialog
        state = DialogState.from_json(loaded.state)
        if applicant.created and locale is not None:
            state.locale = locale
        inbound = Inbound(kind=message.kind, today=self.clock(), text=message.text,
                          choice=message.choice, command=message.command,
                          file=await self._adopt(message.file, applicant.id),
                          channel=message.channel, nonce=key, scene=message.scene,
                          media=message.media, answers=message.answers,
                          faq_saved=await self.saved_faq.current(session))
        turn = advance(state, inbound)
        deleted = await self._apply(session, applicant.id, message.channel, turn.effects)
        outbound = mask_outbound([outbound_to_dict(item) for item in turn.outbound])
        if not deleted:
            await store.save_dialog(session, applicant.id, turn.state.to_json(),
                                    expected_version=loaded.version)
            await append_turn(session, applicant.id, inbound_display(state, message), outbound)
        await store.record_processed(session, message.channel, key,
                                     {"outbound": outbound, "deleted": deleted},
                                     applicant_id=None if deleted else applicant.id)
        return Result(outbound=[outbound_from_dict(item) for item in outbound],
                      deleted=deleted), applicant.id

    async def _apply(self, session: AsyncSession, applicant_id: int, channel: str,
                     effects: tuple[Effect, ...]) -> bool:
        """Apply the effects in order; returns True if the applicant was deleted (then the
        rest of the effects have nobody left to apply to)."""
        for effect in effects:
            match effect:
                case SaveAnswer(fact=fact, value=value, source=source):
                    await store.save_answer(session, self.vault, applicant_id, fact,
                                            jsonable(value), source)
                case ForgetAnswer(fact=fact):
                    await store.save_answer(session, self.vault, applicant_id, fact, None,
                                            "typed")
                case RecordConsent(version=version, given=True):
                    await store.record_consent(session, applicant_id, version, channel)
                case RecordConsent(given=False):
                    await store.withdraw_consent(session, applicant_id)
                case SetLocale(locale=locale):
                    await store.set_locale(session, applicant_id, locale)
                case LogEvent(kind=kind, payload=payload):
                    await store.append_event(session, kind, payload, applicant_id=applicant_id,
                                             actor="applicant")
                case OpenTicket():
                    await tickets.open_ticket(session, applicant_id, channel, effect)
                case SetReminders(enabled=enabled):
                    await reminder_jobs.set_opt_out(session, applicant_id, not enabled)
                case SubscribeNextRound(programme=programme, seen_deadline=seen):
                    await reminder_jobs.subscribe(session, applicant_id, programme, seen)
                case DeleteAllData():
                    await store.delete_applicant(session, applicant_id)
                    return True
                case SubmitApplication(application=application):
                    assert self.files is not None, "submitting needs a file store"
                    await submission.submit(session, self.vault, applicant_id, application,
                                            self.files, self.clock())
                case SupplementApplication(application=application, item=item):
                    assert self.files is not None, "adding to a packet needs a file store"
                    await submission.supplement(session, self.vault, applicant_id,
                                                application, item, self.files, self.clock())
        return False

    async def _adopt(self, file: FileRef | None, applicant_id: int) -> FileRef | None:
        """Move an upload from the shared incoming folder into the applicant's own, so that
        deleting the applicant removes it; idempotent for a retried turn."""
        if file is None or self.files is None or not file.ref.startswith(INCOMING + "/"):
            return file
        name = file.ref.removeprefix(INCOMING + "/")
        target = f"{applicant_id}/uploads/{name}"
        await asyncio.to_thread(self.files.move, file.ref, target)
        return replace(file, ref=target)

    async def _remove_files(self, applicant_id: int) -> None:
        """Files live outside the database: remove them once the deletion has committed."""
        if self.files is not None:
            try:
                await asyncio.to_thread(self.files.delete_prefix, f"{applicant_id}/")
            except OSError:
                log.exception("files of deleted applicant %d remain under %d/; remove them",
                              applicant_id, applicant_id)
