"""What every store module shares: the errors callers handle, upserts, and the plaintext guard.

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

from bot.crypto import find_id_numbers
from bot.db.base import dump_json


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
    """An ID number was about to be written somewhere other than the encrypted answers.

    Store it with `save_answers` (fact `id_number`) and show it with `mask_id_number`.
    """

    def __init__(self, where: str) -> None:
        super().__init__(f"refusing to store a plaintext ID number in {where}")


def dumps(value: Any) -> str:
    """Compact, stable JSON; raises TypeError for values JSON cannot hold (dates: use ISO)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def refuse_plaintext_id_numbers(value: Any, where: str) -> None:
    """Raise `PlaintextIdNumber` if a valid ID number appears anywhere in `value`'s JSON."""
    if find_id_numbers(dump_json(value)):
        raise PlaintextIdNumber(where)



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
