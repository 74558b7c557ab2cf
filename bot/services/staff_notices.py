"""Queueing and delivering short notices to staff accounts bound to Telegram or WeChat.

Design: a notice is a row in `staff_notices`, inserted in the transaction that causes it (the
applicant's submission, the deadline job). Inserting is all the submission does, so a chat
platform being down can never fail or slow it, and a rolled-back submission leaves no notice.
The background worker claims rows not yet handed over (`FOR UPDATE SKIP LOCKED`, so several
processes never take the same row), renders the text with the public URL, and queues one outbox
message per binding of the account in the same transaction (`bot.outbox`): the channel's sender
delivers it, retries it, and outside WeChat's 48-hour window falls back to a template message.
`sent_at` is set only when a platform accepted it (`settled`); a notice that could not be
delivered stays unsent, its outbox row dead-lettered with the reason. Nothing is handed over
between 21:00 and 08:00 Beijing time; what is queued at night goes out in the morning.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.applications import Application
from bot.db.base import utcnow
from bot.db.staff import StaffAccount
from bot.db.staff_notices import StaffBinding, StaffNotice
from bot.outbox import SENT, Envelope, enqueue
from bot.outbox.store import Settled

CHINA_TIME = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")
"""Beijing time (bot.conversation has the same; importing it here would be circular)."""
QUIET_FROM = dt.time(21, 0)
QUIET_UNTIL = dt.time(8, 0)
BATCH = 50
PACKET = "packet"
DEADLINE = "deadline"
TICKET = "ticket"
OUTBOX_KIND = "staff_notice"


def quiet(moment: dt.datetime) -> bool:
    local = moment.astimezone(CHINA_TIME).time()
    return local >= QUIET_FROM or local < QUIET_UNTIL


def masked_name(name: str) -> str:
    """The surname and one star per remaining character: enough to recognise, no more."""
    name = name.strip()
    return name[:1] + "*" * (len(name) - 1) if name else "（未填姓名）"


def _key(*parts: Any) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()


async def add(session: AsyncSession, staff_id: int, kind: str, params: dict[str, Any],
              *key: Any) -> bool:
    """Queue one notice unless its key was queued before (by any process); True if queued."""
    try:
        async with session.begin_nested():
            session.add(StaffNotice(staff_id=staff_id, kind=kind, params=params,
                                    dedupe_key=_key(kind, staff_id, *key), attempts=0))
    except IntegrityError:
        return False
    return True


async def bound_accounts(session: AsyncSession, office: str,
                         roles: tuple[str, ...] = ("office",)) -> list[int]:
    return list(await session.scalars(
        select(StaffAccount.id).distinct().join(
            StaffBinding, StaffBinding.staff_id == StaffAccount.id)
        .where(StaffAccount.office == office, StaffAccount.role.in_(roles))
        .order_by(StaffAccount.id)))


async def packet_submitted(session: AsyncSession, application: Application) -> int:
    """Queue a new-packet notice for each bound account of the packet's office."""
    data = application.data
    params = {"programme": data.get("programme_name", application.programme),
              "receipt": application.receipt,
              "name": masked_name(str(data.get("applicant_name", "")))}
    queued = 0
    for staff_id in await bound_accounts(session, application.office):
        queued += await add(session, staff_id, PACKET, params, application.receipt,
                            application.packet_sha256)
    return queued


def render(notice: StaffNotice, public_url: str) -> str:
    p = notice.params
    base = public_url.rstrip("/")
    if notice.kind == PACKET:
        return (f"【新申报材料】{p['programme']}\n申报人：{p['name']}\n"
                f"回执编号：{p['receipt']}\n查看：{base}/staff/p/{p['receipt']}")
    if notice.kind == TICKET:
        about = f"（{p['programme']}）" if p.get("programme") else ""
        return (f"【申报人咨询】{about}{p['question']}\n"
                f"请回复：{base}/staff/t/{p['ticket']}")
    deadline = dt.date.fromisoformat(p["deadline"])
    return (f"【截止提醒】{p['programme']}的申报截止日期是{deadline.year}年{deadline.month}月"
            f"{deadline.day}日，还有{p['days']}天。本单位还有{p['waiting']}份材料等待审核。\n"
            f"工作台：{base}/staff/")


async def deliver(sessions: async_sessionmaker[AsyncSession], public_url: str,
                  now: Callable[[], dt.datetime] = utcnow) -> int:
    """Queue due notices in the outbox, one message per binding; returns how many notices
    were queued on at least one binding (a notice for an account without any is dropped)."""
    if quiet(now()):
        return 0
    handed = 0
    async with sessions.begin() as session:
        rows = list(await session.scalars(
            select(StaffNotice).where(StaffNotice.queued_at.is_(None))
            .order_by(StaffNotice.id).limit(BATCH).with_for_update(skip_locked=True)))
        for row in rows:
            targets = (await session.execute(select(
                StaffBinding.channel, StaffBinding.external_id).where(
                StaffBinding.staff_id == row.staff_id).order_by(StaffBinding.id))).all()
            text = render(row, public_url)
            for channel, external_id in targets:
                await enqueue(session, Envelope(
                    channel, external_id, OUTBOX_KIND,
                    f"{OUTBOX_KIND}:{row.id}:{channel}:{external_id}", text))
            row.attempts += 1
            row.queued_at = now()
            handed += int(bool(targets))
    return handed


async def settled(session: AsyncSession, rows: list[Settled], moment: dt.datetime) -> None:
    """The outbox's word on notice messages (`bot.outbox.store.Hook`): a notice is sent when
    a platform accepted it on any of its account's bindings."""
    accepted = {int(row.key.split(":")[1]) for row in rows if row.status == SENT}
    if accepted:
        await session.execute(update(StaffNotice).where(
            StaffNotice.id.in_(accepted), StaffNotice.sent_at.is_(None)).values(sent_at=moment))
