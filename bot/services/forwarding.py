"""Forwarding packets to offices through the outbox.

Submitting creates an outbox row in the same transaction as the application, so a packet is
queued exactly when it exists. The worker claims one due row at a time with
`FOR UPDATE SKIP LOCKED` (PostgreSQL: several processes never take the same row; SQLite renders
no lock and is run with one worker), sends it, and marks it delivered in that transaction. A
failure only pushes `next_attempt_at` back (exponential backoff), so an SMTP outage (or an
object store that does not answer) loses nothing.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.applications import Application, Outbox
from bot.db.base import utcnow
from bot.services import mail
from bot.storage import FileMissing, FileStore

log = logging.getLogger(__name__)
BACKOFF_START = dt.timedelta(seconds=30)
BACKOFF_MAX = dt.timedelta(hours=1)
EMAIL = "email"


def backoff(attempts: int) -> dt.timedelta:
    """30 s, 1 min, 2 min… capped at an hour (the exponent is capped first: no overflow)."""
    return min(BACKOFF_START * (2 ** min(max(attempts - 1, 0), 16)), BACKOFF_MAX)


async def enqueue(session: AsyncSession, application: Application, recipient: str) -> Outbox:
    """Queue the packet once: a byte-identical packet already queued is not queued again."""
    message_id = mail.message_id(application.packet_sha256)
    existing = (await session.execute(
        select(Outbox).where(Outbox.message_id == message_id))).scalar_one_or_none()
    if existing is not None:
        return existing
    row = Outbox(application_id=application.id, kind=EMAIL, recipient=recipient,
                 message_id=message_id, attempts=0)
    session.add(row)
    await session.flush()
    return row


async def deliver_one(sessions: async_sessionmaker[AsyncSession], smtp: mail.SmtpSettings,
                      files: FileStore, now: Callable[[], dt.datetime] = utcnow) -> bool:
    """Deliver the oldest due row; True if there was one (delivered or not)."""
    async with sessions.begin() as session:
        row = (await session.execute(
            select(Outbox).where(Outbox.delivered_at.is_(None),
                                 Outbox.next_attempt_at <= now())
            .order_by(Outbox.id).limit(1).with_for_update(skip_locked=True))).scalar_one_or_none()
        if row is None:
            return False
        application = await session.get(Application, row.application_id)
        assert application is not None
        data = application.data
        subject = (f"【申报材料】{data.get('programme_name', application.programme)} "
                   f"{data.get('applicant_name', '')} 回执{application.receipt}")
        body = (f"{application.office}：\n\n"
                f"{data.get('applicant_name', '')}通过评优申报助手提交了申报材料，"
                f"回执编号 {application.receipt}。材料清单和每个文件的校验值见附件中的"
                "manifest.json。\n")
        row.attempts += 1
        try:
            message = await asyncio.to_thread(
                mail.packet_email, smtp, row.recipient, subject, body, files,
                application.packet_path, application.packet_sha256)
            await mail.send(smtp, message)
        except (OSError, TimeoutError, mail.aiosmtplib.SMTPException, FileMissing) as error:
            row.next_attempt_at = now() + backoff(row.attempts)
            row.last_error = f"{type(error).__name__}: {error}"[:500]
            log.warning("packet %s not delivered (attempt %d): %s", application.receipt,
                        row.attempts, type(error).__name__)
            return True
        row.delivered_at = now()
        row.last_error = None
        log.info("packet %s delivered to the office", application.receipt)
        return True


async def run(sessions: async_sessionmaker[AsyncSession], smtp: mail.SmtpSettings,
              files: FileStore, interval: float) -> None:
    """The worker loop: drain what is due, then sleep; errors are logged, never fatal."""
    while True:
        try:
            while await deliver_one(sessions, smtp, files):
                await asyncio.sleep(0)
        except Exception:
            log.exception("forwarding worker: unexpected error; retrying later")
        await asyncio.sleep(interval)
