"""The dialog engine's state per applicant, saved with optimistic locking.

Two turns for one applicant must never interleave, even in different processes. Each turn
loads the state with its version and saves it back expecting that version; the UPDATE only
matches if nobody saved in between (`version = :expected`), otherwise the turn gets
`ConcurrentUpdate` and is rolled back and retried on the fresh state.

This runs on every message, so it is plain SQL built once (SQLAlchemy Core with bound
parameters, compiled once per dialect and cached): no ORM unit of work, no identity map, no
second load of the row before saving it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.base import utcnow
from bot.db.models import DialogSession
from bot.db.store.common import ConcurrentUpdate, insert_for, masked_for_storage

_TABLE: Table = DialogSession.__table__  # type: ignore[assignment]
_LOAD = select(_TABLE.c.state, _TABLE.c.version).where(
    _TABLE.c.applicant_id == bindparam("applicant_id"))
SAVE_STATE = (update(_TABLE)
         .where(_TABLE.c.applicant_id == bindparam("applicant"),
                _TABLE.c.version == bindparam("expected"))
         .values(state=bindparam("new_state"), version=_TABLE.c.version + 1,
                 updated_at=bindparam("now")))
"""Save a state over version `expected` (parameters applicant, expected, new_state, now)."""
NEW_STATE = insert(_TABLE)
"""A first state, saved at version 1 (rows like `DialogSession`'s columns)."""


@dataclass(frozen=True)
class DialogState:
    """A loaded state; `version` 0 means nothing was saved yet (a new conversation)."""

    state: dict[str, Any]
    version: int


async def load_dialog(session: AsyncSession, applicant_id: int) -> DialogState:
    """The saved state (a private copy, safe to change) and its version."""
    row = (await session.execute(_LOAD, {"applicant_id": applicant_id})).one_or_none()
    if row is None:
        return DialogState(state={}, version=0)
    return DialogState(state=row.state, version=row.version)


async def save_dialog(session: AsyncSession, applicant_id: int, state: dict[str, Any], *,
                      expected_version: int) -> int:
    """Save `state` if the stored version is still `expected_version`; return the new version.

    Raises `ConcurrentUpdate` when another turn saved first (or the applicant was deleted), and
    `PlaintextIdNumber` if the state holds an ID number (those belong in the answers).
    """
    state = masked_for_storage(state, "dialog state")
    now = utcnow()
    if expected_version == 0:
        try:
            written = await session.execute(
                insert_for(session, _TABLE)
                .values(applicant_id=applicant_id, state=state, version=1, updated_at=now)
                .on_conflict_do_nothing(index_elements=["applicant_id"]))
        except IntegrityError as exc:
            raise ConcurrentUpdate(f"applicant {applicant_id} no longer exists") from exc
    else:
        written = await session.execute(SAVE_STATE, {"applicant": applicant_id,
                                                "expected": expected_version,
                                                "new_state": state, "now": now})
    if written.rowcount != 1:  # type: ignore[attr-defined]
        raise await _conflict(session, applicant_id, expected_version)
    return expected_version + 1


async def _conflict(session: AsyncSession, applicant_id: int,
                    expected_version: int) -> ConcurrentUpdate:
    stored = await session.scalar(select(_TABLE.c.version)
                                  .where(_TABLE.c.applicant_id == applicant_id))
    if stored is None:
        return ConcurrentUpdate(f"dialog of applicant {applicant_id} no longer exists")
    return ConcurrentUpdate(f"dialog of applicant {applicant_id} is at version {stored}, "
                            f"not {expected_version}")
