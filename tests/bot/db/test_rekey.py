"""Rotating AWARDBOT_SECRET_KEY: with the old key as the previous one, stored ID numbers still
decrypt and are found; `rekey_answers` moves them to the new key, after which the old key can
go; the command refuses to run without a previous key."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.crypto import DecryptionError, Vault
from bot.db.store import find_applicants_by_fact, find_or_create_applicant, load_facts, save_answer
from bot.db.store.answers import rekey_answers

Sessions = async_sessionmaker[AsyncSession]
ID_NUMBER = "11010519491231002X"
OLD = b"the secret this install started with"
NEW = b"the secret it was rotated to, later on"


async def _applicant_with_id_number(sessions: Sessions, vault: Vault) -> int:
    async with sessions.begin() as session:
        applicant = (await find_or_create_applicant(session, "web", "rotated")).id
        await save_answer(session, vault, applicant, "id_number", ID_NUMBER, "typed")
        await save_answer(session, vault, applicant, "gender", "female", "typed")
        return applicant


async def _facts(sessions: Sessions, vault: Vault, applicant: int) -> dict[str, object]:
    async with sessions() as session:
        return await load_facts(session, vault, applicant)


async def _matches(sessions: Sessions, vault: Vault) -> list[int]:
    async with sessions() as session:
        return await find_applicants_by_fact(session, vault, "id_number", ID_NUMBER)


async def test_a_rotated_key_reads_old_values_and_rekey_frees_the_old_key(
        sessions: Sessions) -> None:
    applicant = await _applicant_with_id_number(sessions, Vault.from_secret(OLD))
    rotating, new_only = Vault.from_secrets(NEW, OLD), Vault.from_secret(NEW)
    assert (await _facts(sessions, rotating, applicant))["id_number"] == ID_NUMBER
    assert await _matches(sessions, rotating) == [applicant]
    assert await _matches(sessions, new_only) == []
    with pytest.raises(DecryptionError):
        await _facts(sessions, new_only, applicant)

    async with sessions.begin() as session:
        assert await rekey_answers(session, rotating) == 1
    async with sessions.begin() as session:
        assert await rekey_answers(session, rotating) == 0

    assert await _facts(sessions, new_only, applicant) == {"id_number": ID_NUMBER,
                                                           "gender": "female"}
    assert await _matches(sessions, new_only) == [applicant]
    assert await _matches(sessions, Vault.from_secret(OLD)) == []


def test_rekey_without_a_previous_key_is_refused(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "bot.cli", "db", "rekey"], capture_output=True,
                          text=True, timeout=120,
                          env={"AWARDBOT_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin",
                               "AWARDBOT_SECRET_KEY": "a secret for the rekey test"})
    assert done.returncode == 2
    assert "AWARDBOT_SECRET_KEY_PREVIOUS is not set" in done.stdout
