"""Binding a staff account's Telegram chat or WeChat OpenID with a one-time code.

The dashboard issues a short code (6 characters, 10 minutes, single use; a new code replaces
the unused old one); the staff member sends `/bind CODE` to the Telegram bot or `绑定 CODE` to
the WeChat account. `gate` answers those messages before the conversation runs them, so a code
never reaches the dialog engine, an applicant's transcript or its state. A repeated delivery of
the same message (WeChat retries) finds the code used by this very chat and confirms again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Awaitable, Callable

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.conversation import Message, Result
from bot.db.base import utcnow
from bot.db.staff import StaffAccount
from bot.db.staff_notices import StaffBindCode, StaffBinding
from dialogs.types import Text

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
LENGTH = 6
VALID = dt.timedelta(minutes=10)
CHANNELS = {"telegram": "Telegram", "wechat": "微信"}
_COMMAND = re.compile(r"^\s*(?:/bind(?:@\w+)?|绑定)\s*([A-Za-z0-9]{0,12})\s*$", re.IGNORECASE)
BOUND = "绑定成功。您好，{name}：{office} 的新申报材料和截止提醒会发到这里。"
REFUSED = "抱歉，这个绑定码无效或已过期。请在工作台重新获取绑定码，10分钟内发送。"


def _hash(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode()).hexdigest()


def parse(text: str) -> str | None:
    """The code in a binding command (possibly empty), or None if it is no binding command."""
    match = _COMMAND.match(text or "")
    return match.group(1).upper() if match else None


async def issue_code(session: AsyncSession, staff_id: int,
                     now: Callable[[], dt.datetime] = utcnow) -> str:
    """A fresh code for `staff_id`; their earlier unused codes stop working."""
    await session.execute(delete(StaffBindCode).where(StaffBindCode.staff_id == staff_id,
                                                      StaffBindCode.used_at.is_(None)))
    code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    session.add(StaffBindCode(code_hash=_hash(code), staff_id=staff_id,
                              expires_at=now() + VALID))
    await session.flush()
    return code


async def bind(session: AsyncSession, channel: str, external_id: str, code: str,
               now: Callable[[], dt.datetime] = utcnow) -> StaffAccount | None:
    """Bind the chat to the code's account; None for a wrong, expired or used code."""
    row = await session.get(StaffBindCode, _hash(code), with_for_update=True)
    who = f"{channel}:{external_id}"
    if row is None or (row.used_at is not None and row.used_by != who):
        return None
    if row.used_at is None and row.expires_at <= now():
        return None
    account = await session.get(StaffAccount, row.staff_id)
    if account is None:
        return None
    if row.used_at is None:
        row.used_at, row.used_by = now(), who
        await session.execute(delete(StaffBinding).where(
            (StaffBinding.channel == channel) & ((StaffBinding.external_id == external_id)
                                                 | (StaffBinding.staff_id == account.id))))
        session.add(StaffBinding(staff_id=account.id, channel=channel,
                                 external_id=external_id))
        await session.flush()
    return account


async def bindings(session: AsyncSession, staff_id: int) -> list[StaffBinding]:
    return list(await session.scalars(select(StaffBinding).where(
        StaffBinding.staff_id == staff_id).order_by(StaffBinding.channel)))


async def unbind(session: AsyncSession, staff_id: int, channel: str) -> None:
    await session.execute(delete(StaffBinding).where(StaffBinding.staff_id == staff_id,
                                                     StaffBinding.channel == channel))


def gate(sessions: async_sessionmaker[AsyncSession],
         now: Callable[[], dt.datetime] = utcnow
         ) -> Callable[[Message], Awaitable[Result | None]]:
    """A conversation gate answering binding commands from Telegram and WeChat."""

    async def answer(message: Message) -> Result | None:
        if message.channel not in CHANNELS or message.kind not in ("text", "command"):
            return None
        code = parse(message.text)
        if code is None:
            return None
        async with sessions.begin() as session:
            account = await bind(session, message.channel, message.external_id, code, now)
            if account is None:
                return Result(outbound=[Text(REFUSED)])
            text = BOUND.format(name=account.display_name or account.username,
                                office=account.office)
        return Result(outbound=[Text(text)])

    return answer
