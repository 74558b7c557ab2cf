"""The dialog engine's state per applicant, saved with optimistic locking.

Two turns for one applicant must never interleave, even in different processes. Each turn
loads the state with its version and saves it back expecting that version; the UPDATE only
matches if nobody saved in between (SQLAlchemy's `version_id_col`), otherwise the turn gets
`ConcurrentUpdate` and is rolled back and retried on the fresh state.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from bot.db.base import utcnow
from bot.db.models import DialogSession
from bot.db.store.common import ConcurrentUpdate, refuse_plaintext_id_numbers


@dataclass(frozen=True)
class DialogState:
    """A loaded state; `version` 0 means nothing was saved yet (a new conversation)."""

    state: dict[str, Any]
    version: int


async def load_dialog(session: AsyncSession, applicant_id: int) -> DialogState:
    """The saved state (a private copy, safe to change) and its version."""
    row = await session.get(DialogSession, applicant_id)
    if row is None:
        return DialogState(state={}, version=0)
    return DialogState(state=copy.deepcopy(row.state), version=row.version)


async def save_dialog(session: AsyncSession, applicant_id: int, state: dict[str, Any], *,
                      expected_version: int) -> int:
    """Save `state` if the stored version is still `expected_version`; return the new version.

    Raises `ConcurrentUpdate` when another turn saved first (or the applicant was deleted), and
    `PlaintextIdNumber` if the state holds an ID number (those belong in the answers).
    """
    refuse_plaintext_id_numbers(state, "dialog state")
    row = await session.get(DialogSession, applicant_id)
    if row is None:
        if expected_version != 0:
            raise ConcurrentUpdate(f"dialog of applicant {applicant_id} no longer exists")
        row = DialogSession(applicant_id=applicant_id, state=copy.deepcopy(state),
                            updated_at=utcnow())
        session.add(row)
    elif row.version != expected_version:
        raise ConcurrentUpdate(f"dialog of applicant {applicant_id} is at version "
                               f"{row.version}, not {expected_version}")
    else:
        row.state = copy.deepcopy(state)
        flag_modified(row, "state")  # always write, so the version check always runs
    try:
        await session.flush()
    except (StaleDataError, IntegrityError) as exc:
        raise ConcurrentUpdate(f"dialog of applicant {applicant_id} was saved by another "
                               "turn") from exc
    return row.version
