"""Staff accounts (argon2id, lock-out, roles) and the quotas read from the packs."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.staff import StaffAccount
from bot.services import staff
from bot.services.quotas import quota_for
from dialogs.profile_state import programme_by_id
from eligibility.model import Programme

NOW = dt.datetime(2024, 9, 20, 8, 0, tzinfo=dt.UTC)


def pack(programme_id: str) -> Programme:
    found = programme_by_id(programme_id)
    assert found is not None
    return found


async def test_a_new_account_gets_a_one_time_password_stored_only_as_argon2id(
        sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions.begin() as session:
        account, password = await staff.create_account(session, "wang", "河南省/洛阳市/洛龙区",
                                                       "office")
    assert len(password) >= 12
    async with sessions() as session:
        row = await session.get(StaffAccount, account.id)
        assert row is not None
        assert row.password_hash.startswith("$argon2id$")
        assert password not in row.password_hash
    async with sessions.begin() as session:
        assert (await staff.authenticate(session, "wang", password)).staff == account


async def test_bad_accounts_are_refused_with_a_reason(
        sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions.begin() as session:
        await staff.create_account(session, "wang", "河南省/洛阳市", "reviewer")
        with pytest.raises(staff.AccountError, match="已存在"):
            await staff.create_account(session, "wang", "河南省/洛阳市", "office")
        with pytest.raises(staff.AccountError, match="角色"):
            await staff.create_account(session, "li", "河南省/洛阳市", "boss")
        with pytest.raises(staff.AccountError, match="用户名"):
            await staff.create_account(session, "li wei", "河南省/洛阳市", "office")


async def test_repeated_failures_lock_the_account_until_the_time_is_up(
        sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions.begin() as session:
        _, password = await staff.create_account(session, "wang", "河南省", "admin")
    for attempt in range(staff.MAX_FAILURES):
        async with sessions.begin() as session:
            result = await staff.authenticate(session, "wang", "guess", now=NOW)
        assert result.staff is None
        assert (result.locked_until is not None) == (attempt == staff.MAX_FAILURES - 1)
    async with sessions.begin() as session:
        still = await staff.authenticate(session, "wang", password,
                                         now=NOW + dt.timedelta(minutes=staff.LOCK_MINUTES - 1))
    assert still.staff is None and still.locked_until is not None
    async with sessions.begin() as session:
        later = await staff.authenticate(session, "wang", password,
                                         now=NOW + dt.timedelta(minutes=staff.LOCK_MINUTES + 1))
    assert later.staff is not None


async def test_an_unknown_username_is_just_a_failed_login(
        sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions.begin() as session:
        assert await staff.authenticate(session, "nobody", "x") == staff.LoginResult(None)


async def test_a_password_reset_issues_a_new_password_and_ends_old_sessions(
        sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions.begin() as session:
        account, old = await staff.create_account(session, "wang", "河南省", "admin")
        new = await staff.reset_password(session, "wang")
        assert await staff.reset_password(session, "nobody") is None
    assert new is not None and new != old
    async with sessions.begin() as session:
        assert (await staff.authenticate(session, "wang", old)).staff is None
        fresh = (await staff.authenticate(session, "wang", new)).staff
    assert fresh is not None and fresh.session_epoch == account.session_epoch + 1


@pytest.mark.parametrize(("programme", "office", "allocation", "maximum", "minimum"), [
    ("henan-flexible-star", "河南省/洛阳市/洛龙区", None, 2, None),
    ("henan-flexible-star", "河南省/洛阳市", None, 7, None),
    ("luoyang-skill-entrepreneur-star", "河南省/洛阳市/洛龙区", None, 5, None),
    ("changchun-skill-grand-prize", "吉林省/长春市/南关区", None, 3, None),
    ("changchun-skill-grand-prize", "驻长技工院校", None, 2, None),
    ("jilin-employment-individual", "吉林省/长春市/朝阳区", None, None, None),
    ("jilin-employment-individual", "吉林省/长春市/朝阳区", 4, 8, 6),
    ("jilin-employment-collective", "吉林省/吉林市", 3, 6, 5),
])
def test_the_quota_comes_from_the_pack(programme: str, office: str, allocation: int | None,
                                       maximum: int | None, minimum: int | None) -> None:
    quota = quota_for(pack(programme), office, allocation)
    assert (quota.maximum, quota.minimum) == (maximum, minimum)
    assert quota.text


def test_a_quota_the_notice_qualifies_with_yuanzeshang_guides_but_does_not_refuse() -> None:
    quota = quota_for(pack("jinzhong-craftsman"), "山西省/晋中市/榆次区")
    assert quota.maximum == 2 and not quota.binding and quota.text.startswith("原则上")
    assert quota_for(pack("henan-flexible-star"), "河南省/洛阳市/洛龙区").binding


def test_a_number_to_recommend_is_not_shown_as_a_maximum() -> None:
    assert quota_for(pack("luoyang-skill-entrepreneur-star"), "河南省/洛阳市/洛龙区").text \
        == "每个县（市、区）推荐5名"
    assert "不超过2名" in quota_for(pack("henan-flexible-star"), "河南省/洛阳市/洛龙区").text
