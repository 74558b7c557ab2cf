"""Answers: every fact with its source; the ID number only ever encrypted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import insert, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.crypto import Vault
from bot.db.models import Answer, AnswerSource, Base
from bot.db.store import (
    find_applicants_by_fact,
    find_or_create_applicant,
    load_answers,
    load_facts,
    load_facts_of,
    save_answer,
    save_answers,
)

Sessions = async_sessionmaker[AsyncSession]
ID_NUMBER = "11010519491231002X"


async def _applicant(sessions: Sessions, external_id: str = "u1") -> int:
    async with sessions.begin() as session:
        return (await find_or_create_applicant(session, "wechat", external_id)).id


async def _every_stored_value(sessions: Sessions) -> list[object]:
    async with sessions() as session:
        values: list[object] = []
        for table in Base.metadata.sorted_tables:
            for row in (await session.execute(select(table))).all():
                values.extend(row)
        return values


async def test_answers_round_trip_with_their_source(sessions: Sessions, vault: Vault) -> None:
    applicant = await _applicant(sessions)
    async with sessions.begin() as session:
        await save_answers(session, vault, applicant,
                           {"province": "河南省", "birth_date": "1990-05-01", "honors": []},
                           AnswerSource.TYPED)
        await save_answer(session, vault, applicant, "gender", "female", "derived")
    async with sessions() as session:
        answers = await load_answers(session, vault, applicant)
        facts = await load_facts(session, vault, applicant)
    assert facts == {"province": "河南省", "birth_date": "1990-05-01", "honors": [],
                     "gender": "female"}
    assert answers["gender"].source is AnswerSource.DERIVED
    assert answers["province"].source is AnswerSource.TYPED
    assert not answers["province"].sensitive


async def test_many_applicants_facts_at_once_match_one_by_one(
        sessions: Sessions, vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    """The 汇总表's batch read gives each applicant exactly their own facts, decrypted, across
    more applicants than one query takes, and an empty dict for one with no answers."""
    from bot.db.store import answers as module
    people = [await _applicant(sessions, f"batch-{n}") for n in range(5)]
    async with sessions.begin() as session:
        for n, who in enumerate(people[:4]):
            await save_answers(session, vault, who, {"province": "河南省", "id_number":
                                                     ID_NUMBER if n == 2 else None,
                                                     "name_hint": f"第{n}位"}, "typed")
    monkeypatch.setattr(module, "FACTS_PER_QUERY", 2)
    async with sessions() as session:
        together = await load_facts_of(session, vault, [*people, people[0]])
        apart = {who: await load_facts(session, vault, who) for who in people}
    assert together == apart
    assert together[people[2]]["id_number"] == ID_NUMBER and together[people[4]] == {}


async def test_saving_again_replaces_the_answer_and_none_forgets_it(
        sessions: Sessions, vault: Vault) -> None:
    applicant = await _applicant(sessions)
    async with sessions.begin() as session:
        await save_answers(session, vault, applicant, {"city": "洛阳市", "county": "西工区"},
                           "typed")
    async with sessions.begin() as session:
        await save_answers(session, vault, applicant, {"city": "郑州市", "county": None},
                           "document")
    async with sessions() as session:
        answers = await load_answers(session, vault, applicant)
    assert list(answers) == ["city"]
    assert (answers["city"].value, answers["city"].source) == ("郑州市", AnswerSource.DOCUMENT)


async def test_id_number_is_never_stored_in_plaintext(
        sessions: Sessions, vault: Vault, database_url: str, backend: str) -> None:
    applicant = await _applicant(sessions)
    async with sessions.begin() as session:
        await save_answer(session, vault, applicant, "id_number", ID_NUMBER, "typed")
    async with sessions() as session:
        answers = await load_answers(session, vault, applicant)
        row = await session.scalar(select(Answer).where(Answer.fact == "id_number"))
    assert answers["id_number"].value == ID_NUMBER and answers["id_number"].sensitive
    assert row is not None and row.value is None
    assert row.value_ciphertext is not None and row.value_hash is not None
    for value in await _every_stored_value(sessions):
        text = value.decode("latin-1") if isinstance(value, bytes) else str(value)
        assert ID_NUMBER not in text.upper()
    if backend == "sqlite":
        path = Path(str(make_url(database_url).database))
        for file in path.parent.glob(path.name + "*"):
            assert ID_NUMBER.encode() not in file.read_bytes()


async def test_the_database_refuses_a_plaintext_id_number(sessions: Sessions) -> None:
    applicant = await _applicant(sessions)
    async with sessions() as session:
        with pytest.raises(IntegrityError, match="sensitive_sealed"):
            await session.execute(insert(Answer).values(
                applicant_id=applicant, fact="id_number", value=ID_NUMBER,
                source=AnswerSource.TYPED))
        await session.rollback()


async def test_an_id_number_is_found_by_keyed_hash_whatever_its_spacing(
        sessions: Sessions, vault: Vault) -> None:
    first = await _applicant(sessions, "a")
    second = await _applicant(sessions, "b")
    await _applicant(sessions, "c")
    async with sessions.begin() as session:
        await save_answer(session, vault, first, "id_number", ID_NUMBER, "typed")
        await save_answer(session, vault, second, "id_number", ID_NUMBER.lower(), "document")
    async with sessions() as session:
        found = await find_applicants_by_fact(session, vault, "id_number",
                                              " 110105 19491231 002x ")
        missing = await find_applicants_by_fact(session, vault, "id_number",
                                                "110105194912310021")
    assert found == [first, second]
    assert missing == []


async def test_only_sensitive_facts_can_be_looked_up_by_hash(
        sessions: Sessions, vault: Vault) -> None:
    async with sessions() as session:
        with pytest.raises(ValueError, match="not a sensitive fact"):
            await find_applicants_by_fact(session, vault, "province", "河南省")


async def test_a_sealed_id_number_copied_to_another_applicant_does_not_decrypt(
        sessions: Sessions, vault: Vault) -> None:
    first = await _applicant(sessions, "a")
    second = await _applicant(sessions, "b")
    async with sessions.begin() as session:
        await save_answer(session, vault, first, "id_number", ID_NUMBER, "typed")
    async with sessions.begin() as session:
        row = await session.scalar(select(Answer).where(Answer.applicant_id == first))
        assert row is not None
        session.add(Answer(applicant_id=second, fact="id_number", value=None,
                           value_ciphertext=row.value_ciphertext, value_hash=row.value_hash,
                           source=AnswerSource.TYPED))
    async with sessions() as session:
        with pytest.raises(ValueError, match="authentication"):
            await load_answers(session, vault, second)


async def test_values_json_cannot_hold_are_refused_before_reaching_the_database(
        sessions: Sessions, vault: Vault) -> None:
    applicant = await _applicant(sessions)
    async with sessions() as session:
        with pytest.raises(TypeError):
            await save_answer(session, vault, applicant, "birth_date", dt.date(1990, 5, 1),
                              "typed")
