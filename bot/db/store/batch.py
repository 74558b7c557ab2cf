"""The writes of many conversation turns at once: buffered, then one statement per table.

A batch of turns (`bot.turn_batch`) runs in one transaction. Each single-turn store function
costs a statement, and on this stack a statement costs far more than the rows it carries
(SQLAlchemy's execution path, a hand-over to the driver), so twenty turns writing six rows each
would be a hundred and twenty statements. Here the rows of every turn in the batch are
collected and each table is written once, with executemany.

The methods mirror the single-turn functions in `answers`, `identities`, `journal` and
`dialog` and check the same things (no plaintext ID number outside the sealed answers), so a
turn writes the same rows whichever way it runs. Within a turn, later writes to one answer win,
as they would one statement after another.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, bindparam, delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.crypto import Vault
from bot.db.base import utcnow
from bot.db.models import (
    Answer,
    AnswerSource,
    Channel,
    DialogSession,
    Event,
    ProcessedInbound,
)
from bot.db.store.answers import answer_row, upsert_answers
from bot.db.store.common import ConcurrentUpdate, masked_for_storage
from bot.db.store.dialog import NEW_STATE, SAVE_STATE
from bot.db.store.identities import SET_LOCALE
from bot.db.store.journal import RECORD_CONSENT

_ANSWERS: Table = Answer.__table__  # type: ignore[assignment]
_FORGET = delete(_ANSWERS).where(_ANSWERS.c.applicant_id == bindparam("applicant"),
                                 _ANSWERS.c.fact == bindparam("forgotten"))
_EVENT = insert(Event.__table__)
_PROCESSED = insert(ProcessedInbound.__table__)
_DIALOGS: Table = DialogSession.__table__  # type: ignore[assignment]
_LOCK_VERSIONS = (select(_DIALOGS.c.applicant_id, _DIALOGS.c.version)
                  .where(_DIALOGS.c.applicant_id.in_(bindparam("applicants", expanding=True)))
                  .with_for_update())
"""The versions of the dialogs a batch saves, locked until it commits: where the driver
cannot count the rows an executemany changed (asyncpg), the versions are checked here
first and the rows then cannot move before the save."""


class TurnWrites:
    """Rows of several turns waiting to be written together (`flush`)."""

    def __init__(self, vault: Vault) -> None:
        self._vault = vault
        self._now = utcnow()
        self._answers: dict[tuple[int, str], tuple[Any, AnswerSource]] = {}
        self._consents: list[dict[str, Any]] = []
        self._locales: dict[int, str] = {}
        self._events: list[dict[str, Any]] = []
        self._new_dialogs: list[dict[str, Any]] = []
        self._saved_dialogs: list[dict[str, Any]] = []
        self._processed: list[dict[str, Any]] = []

    def save_answer(self, applicant_id: int, fact: str, value: Any,
                    source: AnswerSource | str) -> None:
        """As `store.save_answer`: `None` forgets the fact."""
        self._answers[applicant_id, fact] = (value, AnswerSource(source))

    def record_consent(self, applicant_id: int, version: str, channel: Channel | str) -> None:
        self._consents.append({"applicant_id": applicant_id, "version": version,
                               "channel": Channel(channel), "given_at": self._now,
                               "withdrawn_at": None})

    def set_locale(self, applicant_id: int, locale: str) -> None:
        self._locales[applicant_id] = locale

    def append_event(self, kind: str, payload: dict[str, Any] | None, *, applicant_id: int,
                     actor: str) -> None:
        payload = payload or {}
        payload = masked_for_storage(payload, f"the payload of event {kind!r}")
        self._events.append({"kind": kind, "payload": payload, "applicant_id": applicant_id,
                             "actor": actor, "created_at": self._now})

    def save_dialog(self, applicant_id: int, state: dict[str, Any], *,
                    expected_version: int) -> None:
        """As `store.save_dialog`: `flush` raises `ConcurrentUpdate` if a version moved."""
        state = masked_for_storage(state, "dialog state")
        if expected_version == 0:
            self._new_dialogs.append({"applicant_id": applicant_id, "state": state,
                                      "version": 1, "updated_at": self._now})
        else:
            self._saved_dialogs.append({"applicant": applicant_id,
                                        "expected": expected_version, "new_state": state,
                                        "now": self._now})

    def record_processed(self, channel: Channel | str, message_key: str, reply: Any, *,
                         applicant_id: int) -> None:
        reply = masked_for_storage(reply, "a stored reply")
        self._processed.append({"channel": Channel(channel), "message_key": message_key,
                                "applicant_id": applicant_id, "reply": reply,
                                "created_at": self._now})

    async def flush(self, session: AsyncSession) -> None:
        """Write everything collected, one statement per table (and one more to lock the
        dialogs where the driver cannot count the rows an executemany changed). A moved
        dialog version raises
        `ConcurrentUpdate`; a message recorded meanwhile raises `IntegrityError`: in both
        cases the caller rolls the whole batch back."""
        await self._flush_answers(session)
        if self._consents:
            await session.execute(RECORD_CONSENT, self._consents)
        if self._locales:
            await session.execute(SET_LOCALE, [{"applicant": a, "new_locale": locale}
                                                for a, locale in self._locales.items()])
        if self._events:
            await session.execute(_EVENT, self._events)
        if self._new_dialogs:
            await session.execute(NEW_STATE, self._new_dialogs)
        await self._flush_saved_dialogs(session)
        if self._processed:
            await session.execute(_PROCESSED, self._processed)

    async def _flush_answers(self, session: AsyncSession) -> None:
        known = [answer_row(self._vault, applicant_id, fact, value, source)
                 for (applicant_id, fact), (value, source) in self._answers.items()
                 if value is not None]
        forgotten = [{"applicant": applicant_id, "forgotten": fact}
                     for (applicant_id, fact), (value, _) in self._answers.items()
                     if value is None]
        if forgotten:
            await session.execute(_FORGET, forgotten)
        if known:
            await session.execute(upsert_answers(session.get_bind().dialect.name), known)

    async def _flush_saved_dialogs(self, session: AsyncSession) -> None:
        if not self._saved_dialogs:
            return
        expected = len(self._saved_dialogs)
        if session.get_bind().dialect.supports_sane_multi_rowcount:
            changed = (await session.execute(SAVE_STATE, self._saved_dialogs)).rowcount
        else:
            locked = dict((await session.execute(_LOCK_VERSIONS, {
                "applicants": [row["applicant"] for row in self._saved_dialogs]})).all())
            changed = sum(1 for row in self._saved_dialogs
                          if locked.get(row["applicant"]) == row["expected"])
            if changed == expected:
                await session.execute(SAVE_STATE, self._saved_dialogs)
        if changed != expected:
            raise ConcurrentUpdate(f"{expected - changed} dialogs of the batch moved on")
