"""Facts the applicant gave us, each with its source; sensitive ones sealed.

A plain fact is a JSON value in `answers.value`. A sensitive fact (`SENSITIVE_FACTS`: the ID
number; and `field:<id>`, a form's mobile or bank account number) is stored as AES-GCM
ciphertext, bound to its applicant and fact, plus a keyed hash of its canonical form so that
"has this ID number applied before?" can be answered without decrypting anything; its `value`
stays NULL, which a CHECK constraint enforces.

Values must be JSON values (dates as ISO strings). `None` means unknown, and the facts
vocabulary says unknown is absent, so saving `None` deletes the answer.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Table, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.crypto import Vault
from bot.db.base import utcnow
from bot.db.models import Answer, AnswerSource, is_sensitive
from bot.db.store.common import dumps


@dataclass(frozen=True)
class StoredAnswer:
    """One fact as stored: its (decrypted) value, where it came from, and when."""

    value: Any
    source: AnswerSource
    updated_at: dt.datetime
    sensitive: bool


def canonical(fact: str, value: Any) -> str:
    """The form a sensitive value is hashed in, so that spacing or case do not matter."""
    if fact == "id_number":
        return "".join(str(value).split()).upper()
    return dumps(value)


def _context(applicant_id: int, fact: str) -> str:
    return f"answers:{applicant_id}:{fact}"


def answer_row(vault: Vault, applicant_id: int, fact: str, value: Any,
               source: AnswerSource) -> dict[str, Any]:
    """The `answers` row for a known value, sealed when the fact is sensitive."""
    encoded = dumps(value)
    row: dict[str, Any] = {"applicant_id": applicant_id, "fact": fact, "source": source,
                           "updated_at": utcnow(), "value": None, "value_ciphertext": None,
                           "value_hash": None}
    if is_sensitive(fact):
        row["value_ciphertext"] = vault.encrypt(encoded, context=_context(applicant_id, fact))
        row["value_hash"] = vault.lookup_hash(canonical(fact, value), domain=fact)
    else:
        row["value"] = value
    return row


async def save_answers(session: AsyncSession, vault: Vault, applicant_id: int,
                       values: Mapping[str, Any], source: AnswerSource | str) -> None:
    """Insert or replace answers (one per fact), encrypting sensitive ones; `None` deletes."""
    source = AnswerSource(source)
    rows = [answer_row(vault, applicant_id, fact, value, source)
            for fact, value in values.items() if value is not None]
    unknown = [fact for fact, value in values.items() if value is None]
    if unknown:
        await session.execute(delete(Answer).where(Answer.applicant_id == applicant_id,
                                                   Answer.fact.in_(unknown)))
    if rows:
        await session.execute(upsert_answers(session.get_bind().dialect.name), rows)


@cache
def upsert_answers(dialect: str) -> Any:
    """INSERT ... ON CONFLICT (applicant_id, fact) DO UPDATE, built once per backend; execute
    it with the rows of `answer_row`."""
    table: Table = Answer.__table__  # type: ignore[assignment]
    stmt = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
    columns = ("value", "value_ciphertext", "value_hash", "source", "updated_at")
    return stmt.on_conflict_do_update(index_elements=["applicant_id", "fact"],
                                      set_={column: stmt.excluded[column] for column in columns})


async def save_answer(session: AsyncSession, vault: Vault, applicant_id: int, fact: str,
                      value: Any, source: AnswerSource | str) -> None:
    """`save_answers` for a single fact."""
    await save_answers(session, vault, applicant_id, {fact: value}, source)


def _stored(vault: Vault, row: Answer) -> StoredAnswer:
    sensitive = row.value_ciphertext is not None
    value = json.loads(vault.decrypt(row.value_ciphertext, context=_context(
        row.applicant_id, row.fact))) if row.value_ciphertext is not None else row.value
    return StoredAnswer(value=value, source=row.source, updated_at=row.updated_at,
                        sensitive=sensitive)


async def load_answers(session: AsyncSession, vault: Vault,
                       applicant_id: int) -> dict[str, StoredAnswer]:
    """Every answer of the applicant, decrypted, by fact name."""
    rows = (await session.scalars(select(Answer).where(Answer.applicant_id == applicant_id)
                                  .order_by(Answer.fact))).all()
    return {row.fact: _stored(vault, row) for row in rows}


async def load_facts(session: AsyncSession, vault: Vault, applicant_id: int) -> dict[str, Any]:
    """The applicant's facts as the screening wants them: name to value, decrypted."""
    answers = await load_answers(session, vault, applicant_id)
    return {fact: answer.value for fact, answer in answers.items()}


FACTS_PER_QUERY = 500


async def load_facts_of(session: AsyncSession, vault: Vault,
                        applicant_ids: list[int]) -> dict[int, dict[str, Any]]:
    """`load_facts` for many applicants in a few queries (a 汇总表 of 500 rows was 500 round
    trips); every id asked for has an entry, empty when it has no answers."""
    out: dict[int, dict[str, Any]] = {applicant: {} for applicant in applicant_ids}
    unique = sorted(out)
    for start in range(0, len(unique), FACTS_PER_QUERY):
        rows = await session.scalars(select(Answer).where(
            Answer.applicant_id.in_(unique[start:start + FACTS_PER_QUERY]))
            .order_by(Answer.applicant_id, Answer.fact))
        for row in rows:
            out[row.applicant_id][row.fact] = _stored(vault, row).value
    return out


async def find_applicants_by_fact(session: AsyncSession, vault: Vault, fact: str,
                                  value: Any) -> list[int]:
    """Applicants whose sensitive `fact` equals `value`, found by keyed hash alone."""
    if not is_sensitive(fact):
        raise ValueError(f"{fact!r} is not a sensitive fact; only those have lookup hashes")
    digests = vault.lookup_hashes(canonical(fact, value), domain=fact)
    found = await session.scalars(
        select(Answer.applicant_id).where(Answer.fact == fact, Answer.value_hash.in_(digests))
        .order_by(Answer.applicant_id))
    return list(found)


async def rekey_answers(session: AsyncSession, vault: Vault) -> int:
    """Re-encrypt and re-hash every sensitive answer the current key did not write (after a
    key rotation); returns how many were rewritten. Once it has run, the previous key can go.
    The rows are locked (PostgreSQL), so a turn changing an answer meanwhile waits instead of
    having its new value overwritten with the old one."""
    rewritten = 0
    rows = await session.scalars(select(Answer).where(Answer.value_ciphertext.is_not(None))
                                 .order_by(Answer.applicant_id, Answer.fact).with_for_update())
    for row in rows:
        context = _context(row.applicant_id, row.fact)
        assert row.value_ciphertext is not None
        if vault.current_key_wrote(row.value_ciphertext, context=context):
            continue
        fresh = answer_row(vault, row.applicant_id, row.fact,
                     json.loads(vault.decrypt(row.value_ciphertext, context=context)), row.source)
        row.value_ciphertext, row.value_hash = fresh["value_ciphertext"], fresh["value_hash"]
        rewritten += 1
    return rewritten
