"""What every store module shares: the errors callers handle, upserts, and the masking guard.

Store functions take the caller's `AsyncSession`, flush but never commit: the conversation use
case owns the transaction (one per inbound message) and decides when it ends.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.base import dump_json
from dialogs.masking import id_shaped, mask_text, mask_tree


class StoreError(Exception):
    """Base class of the errors the store raises on purpose."""


class ConcurrentUpdate(StoreError):
    """The dialog state moved on since it was loaded (another turn, process, or a deletion).

    Roll the transaction back and run the turn again from a fresh load.
    """


class DuplicateInbound(StoreError):
    """This inbound message was already processed; `reply` is what it got the first time.

    Roll the transaction back (its changes were already made once) and send `reply` again.
    """

    def __init__(self, reply: Any) -> None:
        super().__init__("inbound message already processed")
        self.reply = reply


class PlaintextIdNumber(StoreError, ValueError):
    """An ID number was about to be written somewhere other than the encrypted answers, after
    masking: the last line behind `masked_for_storage`, which only a broken masker reaches.

    Store it with `save_answers` (fact `id_number`) and show it with `mask_text`.
    """

    def __init__(self, where: str) -> None:
        super().__init__(f"refusing to store a plaintext ID number in {where}")


def dumps(value: Any) -> str:
    """Compact, stable JSON; raises TypeError for values JSON cannot hold (dates: use ISO)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def masked_for_storage(value: Any, where: str) -> Any:
    """`value` as it may be stored in `where` (an event payload, a stored reply, a dialog
    state): every ID, bank card and mobile number in its strings masked (`dialogs.masking`),
    so storing what an applicant typed never fails a turn. Most values hold none: one scan of
    their JSON says so, and then `value` itself is returned. `PlaintextIdNumber` is the last
    line: an ID-shaped run left after masking."""
    dumped = dump_json(value)
    if mask_text(dumped) == dumped:
        return value
    masked = mask_tree(value)
    if id_shaped(dump_json(masked)):
        raise PlaintextIdNumber(where)
    return masked



def insert_for(session: AsyncSession, table: Table) -> postgresql.Insert | sqlite.Insert:
    """An INSERT supporting ON CONFLICT for the session's backend (both have the same API)."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


@cache
def _insert_ignoring(dialect: str, table: Table,
                     conflict: tuple[str, ...]) -> postgresql.Insert | sqlite.Insert:
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(table).on_conflict_do_nothing(index_elements=list(conflict))


def insert_ignoring(session: AsyncSession, table: Table,
                    *conflict: str) -> postgresql.Insert | sqlite.Insert:
    """INSERT ... ON CONFLICT (`conflict`) DO NOTHING, built once per backend and table; pass
    the row as the execute parameters. For statements run on every message: building and
    hashing a fresh statement each time costs more than running it."""
    return _insert_ignoring(session.get_bind().dialect.name, table, conflict)
