"""The outbox table: every message to an applicant or a clerk, until the platform accepted it.

A row is written in the transaction of the change that causes it (a reminder round, an office's
decision, a new packet), so a rolled-back change sends nothing and a committed one cannot be
lost by a crash or a platform outage. `idempotency_key` (unique) makes the same message
impossible to queue twice, whoever queues it. The channel's sender claims rows, delivers them and
records the result: `pending` (waiting, or waiting to retry at `next_attempt_at`), `sending`
(claimed; `next_attempt_at` is then the end of the claim, after which a crashed sender's row is
claimed again), `sent` (the platform accepted it) or `dead` (undeliverable, `reason` says why).

The text is kept only while it may still be sent: a sent row's payload is emptied, as the
Telegram inbox's is, and an applicant's rows are deleted with the applicant.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import BIG_ID, Base, json_type, utcnow

PENDING = "pending"
SENDING = "sending"
SENT = "sent"
DEAD = "dead"


class OutboxMessage(Base):
    __tablename__ = "outbox_messages"
    __table_args__ = (
        Index("ix_outbox_messages_claim", "channel", "status", "next_attempt_at"),
        Index("ix_outbox_messages_recipient", "channel", "recipient", "status"),
    )

    id: Mapped[int] = mapped_column(BIG_ID, primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(128), unique=True)
    channel: Mapped[str] = mapped_column(String(16))
    recipient: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(32))
    """What the message is (reminder, staff_notice, office_decision, ticket_answer, ...)."""
    payload: Mapped[Any] = mapped_column(json_type())
    """`{"text": ..., "buttons": [...]}`; each channel renders it in its own way."""
    applicant_id: Mapped[int | None] = mapped_column(
        ForeignKey("applicants.id", ondelete="CASCADE"), index=True)
    office: Mapped[str | None] = mapped_column(String(128), index=True)
    """The office whose action sent it, so the office sees what could not be delivered."""
    status: Mapped[str] = mapped_column(String(16), default=PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    reason: Mapped[str | None] = mapped_column(String(300))
    """The last failure (while retrying) or why it is dead."""
    route: Mapped[str | None] = mapped_column(String(32))
    """How it went out when sent (`service`, `template`, `message`)."""
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[dt.datetime | None]
