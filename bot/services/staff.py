"""Staff accounts: argon2id passwords, lock-out after repeated failures, roles and visibility.

Roles: `office` (经办) and `reviewer` (复核) staff work the level of their office key (county,
city or province) on the packets of their subtree that reached that level
(`bot.services.chain`); an `admin` also looks over everything in their office's subtree (an
admin of `吉林省` never sees a `河南省/...` packet, ticket or FAQ entry); a `national_admin` is
the one explicit role that reaches every office. Every such check goes through `covers` /
`in_scope` here, so the scope lives in one place. A new account gets a
random one-time password, printed once by `awardbot staff add`; only its argon2id hash is kept,
and the first login must replace it (`change_password`). Passwords are checked in a bounded
thread pool with no transaction open (`bot.security.passwords`), and guessing is slowed per
address and per (address, username) (`bot.security.throttle`): an unknown username costs and
answers exactly what a known one does, and nobody can lock a clerk out.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.base import utcnow
from bot.db.session import write_slot
from bot.db.staff import ADMIN_ROLES, NATIONAL_ADMIN, ROLES, StaffAccount
from bot.db.store.journal import append_event
from bot.security import throttle
from bot.security.passwords import HASHER, PASSWORDS
from eligibility.model import Programme

PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
MIN_PASSWORD_LENGTH = 10


class AccountError(ValueError):
    """A bad request to create an account (unknown role, taken username); the text says why."""


@dataclass(frozen=True)
class Staff:
    """The signed-in staff member, as the dashboard needs them (no hash)."""

    id: int
    username: str
    role: str
    office: str
    display_name: str
    session_epoch: int
    must_change_password: bool = False

    @property
    def actor(self) -> str:
        return f"staff:{self.username}"

    @property
    def is_admin(self) -> bool:
        """An administrator of their subtree, or nationwide."""
        return self.role in ADMIN_ROLES


@dataclass(frozen=True)
class LoginResult:
    """The staff member, or None; `retry_after` seconds when the attempt was not even tried."""

    staff: Staff | None
    retry_after: int = 0


def _staff(row: StaffAccount) -> Staff:
    return Staff(row.id, row.username, row.role, row.office, row.display_name or row.username,
                 row.session_epoch, row.must_change_password)


def one_time_password() -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(14))


async def create_account(session: AsyncSession, username: str, office: str, role: str, *,
                         display_name: str = "", password: str | None = None
                         ) -> tuple[Staff, str]:
    """Create an account; returns it with its password (generated unless given)."""
    username = username.strip()
    if role not in ROLES:
        raise AccountError(f"角色必须是 {', '.join(ROLES)} 之一")
    if not username or len(username) > 64 or not username.replace("_", "").replace(
            "-", "").replace(".", "").isalnum():
        raise AccountError("用户名只能用字母、数字、下划线、连字符和点，最多64个字符")
    if not office.strip():
        raise AccountError("请填写所属单位（如 河南省/洛阳市/洛龙区）")
    taken = await session.scalar(select(StaffAccount.id).where(
        StaffAccount.username == username))
    if taken is not None:
        raise AccountError(f"用户名 {username} 已存在")
    generated = password is None
    password = password or one_time_password()
    row = StaffAccount(username=username, password_hash=HASHER.hash(password), role=role,
                       office=office.strip(), display_name=display_name or username,
                       must_change_password=generated, session_epoch=0, created_at=utcnow())
    session.add(row)
    await session.flush()
    await append_event(session, "staff.account_created",
                       {"username": username, "office": row.office, "role": role},
                       actor="system")
    return _staff(row), password


async def authenticate(sessions: async_sessionmaker[AsyncSession], username: str,
                       password: str, address: str, *, now: dt.datetime | None = None
                       ) -> LoginResult:
    """Check a password: count the attempt, read the hash, verify it in the pool with no
    transaction open, then record the outcome. Raises `Busy` when the pool is full."""
    now, pool = now or utcnow(), PASSWORDS
    keys = throttle.login_keys(address, username)
    async with write_slot(sessions), sessions.begin() as session:
        wait = await throttle.admit(session, keys, now)
        row = None if wait else (await session.scalars(select(StaffAccount).where(
            StaffAccount.username == username.strip()))).first()
        account_id, hashed = (row.id, row.password_hash) if row is not None else (0, None)
    if wait:
        return LoginResult(None, wait)
    if not await pool.verify(hashed, password):
        return LoginResult(None)
    rehashed = await pool.hash(password) if HASHER.check_needs_rehash(hashed or "") else None
    async with write_slot(sessions), sessions.begin() as session:
        await throttle.forgive(session, keys)
        account = await session.get(StaffAccount, account_id)
        if account is None or account.password_hash != hashed:
            return LoginResult(None)
        if rehashed is not None:
            account.password_hash = rehashed
        await append_event(session, "staff.login", {"username": account.username},
                           actor=f"staff:{account.username}")
        return LoginResult(_staff(account))


def password_problem(staff: Staff, new: str, repeated: str) -> str | None:
    """Why `new` cannot be the password (in the clerk's words), or None."""
    if new != repeated:
        return "两次输入的新密码不一致。"
    if len(new) < MIN_PASSWORD_LENGTH:
        return f"新密码至少需要{MIN_PASSWORD_LENGTH}个字符。"
    if new.casefold() == staff.username.casefold():
        return "新密码不能与用户名相同。"
    return None


async def change_password(sessions: async_sessionmaker[AsyncSession], staff: Staff,
                          current: str, new: str, address: str, *,
                          now: dt.datetime | None = None) -> LoginResult:
    """Replace the password after checking the current one (throttled like a login); ends
    every other session. The result carries the account with its new session epoch."""
    now, pool = now or utcnow(), PASSWORDS
    keys = throttle.login_keys(address, staff.username)
    async with write_slot(sessions), sessions.begin() as session:
        wait = await throttle.admit(session, keys, now)
        row = await session.get(StaffAccount, staff.id)
        hashed = row.password_hash if row is not None else None
    if wait:
        return LoginResult(None, wait)
    if not await pool.verify(hashed, current):
        return LoginResult(None)
    if await pool.verify(hashed, new):
        raise AccountError("新密码不能与当前密码相同。")
    replacement = await pool.hash(new)
    async with write_slot(sessions), sessions.begin() as session:
        await throttle.forgive(session, keys)
        account = await session.get(StaffAccount, staff.id)
        if account is None or account.password_hash != hashed:
            return LoginResult(None)
        account.password_hash = replacement
        account.must_change_password = False
        account.session_epoch += 1
        await append_event(session, "staff.password_changed", {"username": account.username},
                           actor=f"staff:{account.username}")
        return LoginResult(_staff(account))


async def load(session: AsyncSession, staff_id: int) -> Staff | None:
    row = await session.get(StaffAccount, staff_id)
    return _staff(row) if row is not None else None


async def end_sessions(session: AsyncSession, staff_id: int) -> None:
    """Invalidate every cookie issued so far (logout everywhere)."""
    row = await session.get(StaffAccount, staff_id)
    if row is not None:
        row.session_epoch += 1


def covers(staff: Staff, office: str | None) -> bool:
    """Whether `office` lies in this staff member's subtree: their own office or one under it
    (office keys nest: `省/市` contains `省/市/县`). Only a nationwide admin covers every office,
    including a ticket that has no office yet."""
    if staff.role == NATIONAL_ADMIN:
        return True
    return office is not None and (office == staff.office
                                   or office.startswith(staff.office + "/"))


def in_scope(staff: Staff, column: Any) -> ColumnElement[bool]:
    """`covers` as a WHERE clause over an office-key column (packets, tickets, FAQ entries)."""
    if staff.role == NATIONAL_ADMIN:
        return true()
    return or_(column == staff.office, column.startswith(staff.office + "/", autoescape=True))


def handles(staff: Staff, programme: Programme) -> bool:
    """Whether the programme is one this staff member's office handles: the programme's place
    (`省` or `省/市`) and the office lie on one branch, so a county office of 洛阳市 handles
    河南省's programmes and 洛阳市's, never 长春市's."""
    if staff.role == NATIONAL_ADMIN:
        return True
    place = "/".join(p for p in (programme.scope.province, programme.scope.city) if p)
    return any(inner == outer or inner.startswith(outer + "/")
               for inner, outer in ((staff.office, place), (place, staff.office)))


async def reset_password(session: AsyncSession, username: str, *, one_time: bool = True
                         ) -> str | None:
    """A new password for `username`, to be changed at the next login unless `one_time` is
    False (the demo account, whose password every start replaces anyway); None if there is no
    such account."""
    row = (await session.scalars(select(StaffAccount).where(
        StaffAccount.username == username))).first()
    if row is None:
        return None
    password = one_time_password()
    row.password_hash = HASHER.hash(password)
    row.must_change_password = one_time
    row.session_epoch += 1
    await append_event(session, "staff.password_reset", {"username": username}, actor="system")
    return password
