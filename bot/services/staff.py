"""Staff accounts: argon2id passwords, lock-out after repeated failures, roles and visibility.

Roles: `office` (经办) and `reviewer` (复核) staff work the level of their office key (county,
city or province) on the packets of their subtree that reached that level
(`bot.services.chain`); an `admin` also looks over everything in their office's subtree (an
admin of `吉林省` never sees a `河南省/...` packet, ticket or FAQ entry); a `national_admin` is
the one explicit role that reaches every office. Every such check goes through `covers` /
`in_scope` here, so the scope lives in one place. A new account gets a
random one-time password, printed once by `awardbot staff add`; only its argon2id hash is kept.
After `MAX_FAILURES` wrong passwords in a row the account is locked for `LOCK_MINUTES`, which
stops password guessing without letting a stranger lock a clerk out for good.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import ColumnElement, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.base import utcnow
from bot.db.staff import ADMIN_ROLES, NATIONAL_ADMIN, ROLES, StaffAccount
from bot.db.store.journal import append_event
from eligibility.model import Programme

MAX_FAILURES = 5
LOCK_MINUTES = 15
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
HASHER = PasswordHasher()
"""argon2-cffi's defaults are argon2id with RFC 9106's low-memory parameters."""
_DUMMY_HASH = HASHER.hash("not a password anyone has")


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

    @property
    def actor(self) -> str:
        return f"staff:{self.username}"

    @property
    def is_admin(self) -> bool:
        """An administrator of their subtree, or nationwide."""
        return self.role in ADMIN_ROLES


@dataclass(frozen=True)
class LoginResult:
    staff: Staff | None
    locked_until: dt.datetime | None = None


def _staff(row: StaffAccount) -> Staff:
    return Staff(row.id, row.username, row.role, row.office, row.display_name or row.username,
                 row.session_epoch)


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
    password = password or one_time_password()
    row = StaffAccount(username=username, password_hash=HASHER.hash(password), role=role,
                       office=office.strip(), display_name=display_name or username,
                       failed_logins=0, session_epoch=0, created_at=utcnow())
    session.add(row)
    await session.flush()
    await append_event(session, "staff.account_created",
                       {"username": username, "office": row.office, "role": role},
                       actor="system")
    return _staff(row), password


async def authenticate(session: AsyncSession, username: str, password: str, *,
                       now: dt.datetime | None = None) -> LoginResult:
    """Check a password, counting failures; a locked account refuses even the right one."""
    now = now or utcnow()
    row = (await session.scalars(select(StaffAccount).where(
        StaffAccount.username == username.strip()).with_for_update())).first()
    if row is None:
        _verify(_DUMMY_HASH, password)
        return LoginResult(None)
    if row.locked_until is not None and row.locked_until > now:
        return LoginResult(None, row.locked_until)
    if not _verify(row.password_hash, password):
        row.failed_logins += 1
        if row.failed_logins >= MAX_FAILURES:
            row.locked_until = now + dt.timedelta(minutes=LOCK_MINUTES)
            row.failed_logins = 0
            await append_event(session, "staff.locked", {"username": row.username},
                               actor="system")
        return LoginResult(None, row.locked_until if row.locked_until
                           and row.locked_until > now else None)
    row.failed_logins = 0
    row.locked_until = None
    if HASHER.check_needs_rehash(row.password_hash):
        row.password_hash = HASHER.hash(password)
    await append_event(session, "staff.login", {"username": row.username}, actor=f"staff:"
                       f"{row.username}")
    return LoginResult(_staff(row))


def _verify(hashed: str, password: str) -> bool:
    try:
        return HASHER.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


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


async def reset_password(session: AsyncSession, username: str) -> str | None:
    """A new one-time password for `username` (unlocks it); None if there is no such account."""
    row = (await session.scalars(select(StaffAccount).where(
        StaffAccount.username == username))).first()
    if row is None:
        return None
    password = one_time_password()
    row.password_hash = HASHER.hash(password)
    row.failed_logins = 0
    row.locked_until = None
    row.session_epoch += 1
    await append_event(session, "staff.password_reset", {"username": username}, actor="system")
    return password
