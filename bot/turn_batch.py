"""Turns of different people that arrive together, run as one transaction.

Each turn on its own is a transaction of seven to ten statements, and on this stack a
statement costs far more than the rows it writes; on SQLite the turns also queue for the one
writer. Under load most of a turn was that overhead. So the turns waiting together
(`bot.db.group_commit`) go in one transaction:

1. mark every known sender as seen, read the replies already stored for the batch's messages
   and every sender's dialog (`store.open_turns`);
2. answer a repeated delivery from its stored reply, changing nothing;
3. step the engine for the others;
4. write the rows of every turn, one statement per table (`store.batch.TurnWrites`), commit.

A batch takes one message per sender; a sender's next message waits for the next batch. Only
plain turns are batched. A message with a file, a turn whose effects do more than save
answers, consent, a language or events (submitting, deleting, tickets, reminder settings), a
second message of an applicant already in the batch through another address: those are
handed back (None) and run on their own by `Conversation`, whose single-turn path retries on
a concurrent update and reports its own errors. So does every message of a batch that fails:
the batch is rolled back whole and nothing of it was written. A batch changes what a turn
costs, never what it writes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import store
from bot.db.group_commit import GroupCommit
from bot.db.session import write_slot
from bot.db.store.batch import TurnWrites
from bot.messages import Message, Result, jsonable, message_key, stored_result
from bot.transcript import TURN_EVENT, inbound_display, mask_outbound
from dialogs.engine import advance
from dialogs.faq.saved import SavedEntries
from dialogs.state import LOCALES, DialogState, Turn
from dialogs.types import (
    Effect,
    ForgetAnswer,
    Inbound,
    LogEvent,
    RecordConsent,
    SaveAnswer,
    SetLocale,
    outbound_from_dict,
    outbound_to_dict,
)

if TYPE_CHECKING:
    import datetime as dt

    from bot.conversation import Conversation

log = logging.getLogger(__name__)
MAX_BATCH = 100
"""Turns per batch at most: a batch's statements carry every turn's rows, and its replies all
wait for its commit."""


def batchable(effect: Effect) -> bool:
    """Effects a batch writes with `TurnWrites`; any other sends the turn to run alone."""
    if isinstance(effect, RecordConsent):
        return effect.given
    return isinstance(effect, SaveAnswer | ForgetAnswer | SetLocale | LogEvent)


def one_per_sender(waiting: list[Message]) -> list[int]:
    """The messages of the next batch: the first waiting message of each sender, up to
    `MAX_BATCH`. A sender's later messages wait for the next batch, in order, so one person's
    turns never run side by side (and never conflict) within a process."""
    senders: set[tuple[str, str]] = set()
    taken: list[int] = []
    for index, message in enumerate(waiting):
        sender = (message.channel, message.external_id)
        if sender not in senders and len(taken) < MAX_BATCH:
            senders.add(sender)
            taken.append(index)
    return taken


class TurnBatcher:
    """Runs the plain turns of a `Conversation` in batches (see the module docstring)."""

    def __init__(self, conversation: Conversation) -> None:
        self._conversation = conversation
        self.on_batch: Callable[[int], object] | None = None
        """Told the number of messages of each batch (the metrics count them)."""
        self._batches: GroupCommit[Message, Result | None] = GroupCommit(
            self._run, take=one_per_sender)

    async def __call__(self, message: Message) -> Result | None:
        """The message's result, or None when it must run on its own."""
        if message.file is not None:
            return None
        return await self._batches(message)

    async def _run(self, messages: list[Message]) -> list[Result | None]:
        if self.on_batch is not None:
            self.on_batch(len(messages))
        sessions = self._conversation.sessions
        try:
            async with write_slot(sessions), sessions.begin() as session:
                return await _Batch(self._conversation, session, messages).run()
        except Exception:
            log.warning("a batch of %d turns was rolled back; each runs on its own",
                        len(messages), exc_info=True)
            return [None] * len(messages)


@dataclass(frozen=True)
class _Stepped:
    """A message the engine has stepped, waiting for its applicant id to be written (a first
    message's applicant is created with the others of the batch)."""

    index: int
    message: Message
    key: str
    before: DialogState
    turn: Turn
    applicant_id: int | None
    version: int
    locale: str


class _Batch:
    """One batch's transaction: its reads, its turns and its writes."""

    def __init__(self, conversation: Conversation, session: AsyncSession,
                 messages: list[Message]) -> None:
        self.session = session
        self.messages = messages
        self.today: dt.date = conversation.clock()
        self.saved_faq: SavedEntries | None = None
        self.writes = TurnWrites(conversation.vault)
        self.applicants: set[int] = set()
        self._conversation = conversation

    async def run(self) -> list[Result | None]:
        outcomes: list[Result | None] = [None] * len(self.messages)
        self.saved_faq = await self._conversation.saved_faq.current(self.session)
        for channel, indexes in self._by_channel().items():
            batch = [self.messages[i] for i in indexes]
            keys = [message_key(m) for m in batch]
            replies, senders = await store.open_turns(
                self.session, channel, [m.external_id for m in batch], keys)
            stepped: list[_Stepped] = []
            for index, message, key in zip(indexes, batch, keys, strict=True):
                reply = replies.get(key)
                if reply is not None:
                    outcomes[index] = stored_result(reply)
                    continue
                step = self._step(index, message, key, senders.get(message.external_id))
                if step is not None:
                    stepped.append(step)
            created = await store.create_senders(self.session, channel, {
                step.message.external_id: step.locale for step in stepped
                if step.applicant_id is None})
            for step in stepped:
                applicant_id = step.applicant_id or created.get(step.message.external_id)
                if applicant_id is not None:
                    outcomes[step.index] = self._write(step, applicant_id)
        await self.writes.flush(self.session)
        return outcomes

    def _by_channel(self) -> dict[str, list[int]]:
        """Message indexes by channel (a batch has one message per sender: `one_per_sender`)."""
        channels: dict[str, list[int]] = {}
        for index, message in enumerate(self.messages):
            channels.setdefault(message.channel, []).append(index)
        return channels

    def _step(self, index: int, message: Message, key: str,
              sender: store.Sender | None) -> _Stepped | None:
        """The engine's step for one message, or None if the batch cannot write it."""
        if sender is not None and sender.applicant_id in self.applicants:
            return None
        locale = message.locale if message.locale in LOCALES else None
        state = DialogState.from_json(sender.dialog.state if sender is not None else None)
        if sender is None and locale is not None:
            state.locale = locale
        inbound = Inbound(kind=message.kind, today=self.today, text=message.text,
                          choice=message.choice, command=message.command,
                          channel=message.channel, nonce=key, scene=message.scene,
                          media=message.media, answers=message.answers,
                          faq_saved=self.saved_faq)
        turn = advance(state, inbound)
        if not all(batchable(effect) for effect in turn.effects):
            return None
        if sender is not None:
            self.applicants.add(sender.applicant_id)
        return _Stepped(index, message, key, state, turn,
                        sender.applicant_id if sender is not None else None,
                        sender.dialog.version if sender is not None else 0, locale or "zh_CN")

    def _write(self, step: _Stepped, applicant_id: int) -> Result:
        """Queue the rows of one stepped turn; its result."""
        message = step.message
        self._write_effects(applicant_id, message.channel, step.turn.effects)
        outbound = mask_outbound([outbound_to_dict(item) for item in step.turn.outbound])
        self.writes.save_dialog(applicant_id, step.turn.state.json_view(),
                                expected_version=step.version)
        self.writes.append_event(TURN_EVENT, {"said": inbound_display(step.before, message),
                                              "reply": outbound},
                                 applicant_id=applicant_id, actor="applicant")
        self.writes.record_processed(message.channel, step.key,
                                     {"outbound": outbound, "deleted": False},
                                     applicant_id=applicant_id)
        return Result(outbound=[outbound_from_dict(item) for item in outbound])

    def _write_effects(self, applicant_id: int, channel: str,
                       effects: tuple[Effect, ...]) -> None:
        for effect in effects:
            match effect:
                case SaveAnswer(fact=fact, value=value, source=source):
                    self.writes.save_answer(applicant_id, fact, jsonable(value), source)
                case ForgetAnswer(fact=fact):
                    self.writes.save_answer(applicant_id, fact, None, "typed")
                case RecordConsent(version=version):
                    self.writes.record_consent(applicant_id, version, channel)
                case SetLocale(locale=locale):
                    self.writes.set_locale(applicant_id, locale)
                case LogEvent(kind=kind, payload=payload):
                    self.writes.append_event(kind, payload, applicant_id=applicant_id,
                                             actor="applicant")
