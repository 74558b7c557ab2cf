"""Binding codes: what counts as a binding command, single use, expiry, replacement."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services import staff, staff_binding, staff_notices

NOW = dt.datetime(2024, 1, 3, 4, tzinfo=dt.UTC)


def test_binding_commands_are_recognised_in_both_spellings_and_nothing_else() -> None:
    assert staff_binding.parse("/bind abc234") == "ABC234"
    assert staff_binding.parse("/bind@awardbot ABC234") == "ABC234"
    assert staff_binding.parse(" 绑定 ABC234 ") == "ABC234"
    assert staff_binding.parse("绑定ABC234") == "ABC234"
    assert staff_binding.parse("/bind") == ""
    assert staff_binding.parse("我想绑定我的账号") is None
    assert staff_binding.parse("洛龙") is None


async def _clerk(sessions: async_sessionmaker[AsyncSession]) -> int:
    async with sessions.begin() as session:
        account, _ = await staff.create_account(session, "clerk", "河南省/洛阳市/洛龙区",
                                                "office")
    return account.id


async def test_a_new_code_replaces_the_unused_one_and_each_works_once(
        sessions: async_sessionmaker[AsyncSession]) -> None:
    staff_id = await _clerk(sessions)
    async with sessions.begin() as session:
        first = await staff_binding.issue_code(session, staff_id, lambda: NOW)
        second = await staff_binding.issue_code(session, staff_id, lambda: NOW)
    async with sessions.begin() as session:
        assert await staff_binding.bind(session, "telegram", "1", first, lambda: NOW) is None
        assert await staff_binding.bind(session, "telegram", "1", second, lambda: NOW)
        assert await staff_binding.bind(session, "wechat", "o", second, lambda: NOW) is None
        assert [b.channel for b in await staff_binding.bindings(session, staff_id)] == [
            "telegram"]


async def test_a_code_expires_after_ten_minutes(
        sessions: async_sessionmaker[AsyncSession]) -> None:
    staff_id = await _clerk(sessions)
    async with sessions.begin() as session:
        code = await staff_binding.issue_code(session, staff_id, lambda: NOW)
    later = NOW + staff_binding.VALID
    async with sessions.begin() as session:
        assert await staff_binding.bind(session, "telegram", "1", code, lambda: later) is None


async def test_binding_a_second_chat_on_a_channel_replaces_the_first(
        sessions: async_sessionmaker[AsyncSession]) -> None:
    staff_id = await _clerk(sessions)
    for chat in ("1", "2"):
        async with sessions.begin() as session:
            code = await staff_binding.issue_code(session, staff_id, lambda: NOW)
            await staff_binding.bind(session, "telegram", chat, code, lambda: NOW)
    async with sessions() as session:
        assert [b.external_id for b in await staff_binding.bindings(session, staff_id)] == ["2"]


async def test_a_notice_key_is_queued_once_whichever_transaction_tries(
        sessions: async_sessionmaker[AsyncSession]) -> None:
    staff_id = await _clerk(sessions)
    for expected in (True, False):
        async with sessions.begin() as session:
            assert await staff_notices.add(session, staff_id, staff_notices.DEADLINE, {},
                                           "office", "programme", "2024-01-03") is expected
