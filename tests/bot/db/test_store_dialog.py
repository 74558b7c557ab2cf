"""Dialog state with optimistic locking: no turn ever overwrites another's."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.store import (
    ConcurrentUpdate,
    find_or_create_applicant,
    load_dialog,
    save_dialog,
)

Sessions = async_sessionmaker[AsyncSession]


async def _applicant(sessions: Sessions, external_id: str = "u1") -> int:
    async with sessions.begin() as session:
        return (await find_or_create_applicant(session, "web", external_id)).id


async def test_a_new_applicant_has_empty_state_at_version_zero(sessions: Sessions) -> None:
    applicant = await _applicant(sessions)
    async with sessions() as session:
        loaded = await load_dialog(session, applicant)
    assert (loaded.state, loaded.version) == ({}, 0)


async def test_state_round_trips_and_each_save_bumps_the_version(sessions: Sessions) -> None:
    applicant = await _applicant(sessions)
    async with sessions.begin() as session:
        assert await save_dialog(session, applicant, {"step": "region"}, expected_version=0) == 1
    async with sessions.begin() as session:
        loaded = await load_dialog(session, applicant)
        loaded.state["step"] = "age"
        loaded.state["answers"] = ["河南省", {"nested": [1, 2]}]
        assert await save_dialog(session, applicant, loaded.state,
                                 expected_version=loaded.version) == 2
    async with sessions() as session:
        again = await load_dialog(session, applicant)
    assert again.state == {"step": "age", "answers": ["河南省", {"nested": [1, 2]}]}
    assert again.version == 2


async def test_two_sessions_saving_the_same_version_conflict(sessions: Sessions) -> None:
    applicant = await _applicant(sessions)
    async with sessions.begin() as session:
        await save_dialog(session, applicant, {"step": "start"}, expected_version=0)
    first, second = sessions(), sessions()
    try:
        one = await load_dialog(first, applicant)
        two = await load_dialog(second, applicant)
        assert one.version == two.version == 1
        await save_dialog(first, applicant, {"step": "from first"}, expected_version=1)
        await first.commit()
        with pytest.raises(ConcurrentUpdate):
            await save_dialog(second, applicant, {"step": "from second"}, expected_version=1)
        await second.rollback()
    finally:
        await first.close()
        await second.close()
    async with sessions() as session:
        final = await load_dialog(session, applicant)
    assert (final.state, final.version) == ({"step": "from first"}, 2)


async def test_a_stale_expected_version_is_refused_before_writing(sessions: Sessions) -> None:
    applicant = await _applicant(sessions)
    async with sessions.begin() as session:
        await save_dialog(session, applicant, {"n": 1}, expected_version=0)
    async with sessions() as session:
        with pytest.raises(ConcurrentUpdate, match="version 1, not 0"):
            await save_dialog(session, applicant, {"n": 2}, expected_version=0)


async def test_two_first_saves_of_a_new_dialog_conflict(sessions: Sessions) -> None:
    applicant = await _applicant(sessions)
    first, second = sessions(), sessions()
    try:
        await save_dialog(first, applicant, {"by": "first"}, expected_version=0)
        await first.commit()
        with pytest.raises(ConcurrentUpdate):
            await save_dialog(second, applicant, {"by": "second"}, expected_version=0)
        await second.rollback()
    finally:
        await first.close()
        await second.close()


async def test_concurrent_turns_for_one_applicant_never_lose_an_update(
        sessions: Sessions) -> None:
    applicant = await _applicant(sessions)

    async def turn() -> int:
        for attempt in range(1, 50):
            try:
                async with sessions.begin() as session:
                    loaded = await load_dialog(session, applicant)
                    count = loaded.state.get("count", 0) + 1
                    await asyncio.sleep(0)
                    await save_dialog(session, applicant, {"count": count},
                                      expected_version=loaded.version)
                return attempt
            except ConcurrentUpdate:
                await asyncio.sleep(0.001 * attempt)
        raise AssertionError("a turn never got through")

    attempts = await asyncio.gather(*(turn() for _ in range(8)))
    async with sessions() as session:
        final = await load_dialog(session, applicant)
    assert final.state == {"count": 8}
    assert final.version == 8
    assert max(attempts) > 1


async def test_dialog_state_keeps_only_masked_id_numbers(sessions: Sessions) -> None:
    applicant = await _applicant(sessions)
    async with sessions.begin() as session:
        await save_dialog(session, applicant, {"last_text": "我的身份证号11010519491231002X"},
                          expected_version=0)
    async with sessions() as session:
        stored = await load_dialog(session, applicant)
    assert stored.state == {"last_text": "我的身份证号110105********002X"}
