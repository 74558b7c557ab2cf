"""Staff accounts (argon2id, throttled guessing, one-time passwords, roles) and the quotas read
from the packs."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.staff import StaffAccount
from bot.security import throttle
from bot.services import staff
from bot.services.quotas import quota_for
from dialogs.profile_state import programme_by_id
from eligibility.model import Programme

NOW = dt.datetime(2024, 9, 20, 8, 0, tzinfo=dt.UTC)
ADDRESS = "203.0.113.9"


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
    signed_in = (await staff.authenticate(sessions, "wang", password, ADDRESS)).staff
    assert signed_in == account and signed_in.must_change_password


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


async def test_guesses_wait_longer_and_longer_but_the_account_never_locks(
        sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions.begin() as session:
        _, password = await staff.create_account(session, "wang", "河南省", "admin")
    free = throttle.PER_USERNAME.free
    for _ in range(free):
        assert await staff.authenticate(sessions, "wang", "guess", ADDRESS, now=NOW) == \
            staff.LoginResult(None)
    waits = []
    moment = NOW
    for _ in range(4):
        result = await staff.authenticate(sessions, "wang", "guess", ADDRESS, now=moment)
        assert result.staff is None
        waits.append(result.retry_after)
        moment += dt.timedelta(seconds=result.retry_after)
        assert await staff.authenticate(sessions, "wang", "guess", ADDRESS, now=moment) == \
            staff.LoginResult(None)
    assert waits == [1, 2, 4, 8]
    elsewhere = await staff.authenticate(sessions, "wang", password, "198.51.100.7", now=moment)
    assert elsewhere.staff is not None
    later = moment + dt.timedelta(seconds=16)
    assert (await staff.authenticate(sessions, "wang", password, ADDRESS, now=later)).staff


async def test_an_unknown_username_gets_the_same_answers_as_a_known_one(
        sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions.begin() as session:
        await staff.create_account(session, "wang", "河南省", "admin")
    answers = {}
    for username in ("wang", "nobody"):
        answers[username] = [await staff.authenticate(sessions, username, "x", ADDRESS,
                                                      now=NOW) for _ in range(5)]
    assert answers["wang"] == answers["nobody"]
    assert answers["wang"][0] == staff.LoginResult(None)


async def test_a_password_reset_issues_a_new_password_and_ends_old_sessions(
        sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions.begin() as session:
        account, old = await staff.create_account(session, "wang", "河南省", "admin")
        new = await staff.reset_password(session, "wang")
        assert await staff.reset_password(session, "nobody") is None
    assert new is not None and new != old
    assert (await staff.authenticate(sessions, "wang", old, ADDRESS)).staff is None
    fresh = (await staff.authenticate(sessions, "wang", new, ADDRESS)).staff
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
