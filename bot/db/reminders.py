"""Reminder tables: queued jobs, each person's reminder settings, and next-round subscriptions.

A job is one thing worth telling one applicant (a deadline, a returned packet, a window) due at
a local morning hour. `dedupe_key` (unique) makes a job impossible to queue twice, whichever
process schedules it. `status` is `queued` or `retry` while pending, `outbox` once its message is
queued in the outbox (until the platform accepted it), then `sent`, `failed`, `expired`,
`cancelled` or `undeliverable`, each with `last_error` saying why when it was not
sent, so nothing disappears silently. A recipient row per person holds the opt-out and the day
of the last reminder; the worker locks it, so two workers never both remind one person in a day.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import BIG_ID, Base, utcnow

PENDING = ("queued", "retry")


class ReminderJob(Base):
    __tablename__ = "reminder_jobs"

    id: Mapped[int] = mapped_column(BIG_ID, primary_key=True)
    applicant_id: Mapped[int] = mapped_column(
        ForeignKey("applicants.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    programme: Mapped[str] = mapped_column(String(64))
    params: Mapped[dict[str, Any]]
    dedupe_key: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(16), index=True, default="queued")
    due_at: Mapped[dt.datetime] = mapped_column(index=True)
    expires_at: Mapped[dt.datetime]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    channel: Mapped[str | None] = mapped_column(String(16))
    last_error: Mapped[str | None] = mapped_column(String(300))
    sent_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    outbox_key: Mapped[str | None] = mapped_column(String(128), index=True)
    """The outbox message carrying it (status `outbox` until the platform accepted it)."""


class ReminderRecipient(Base):
    """One row per person who has (had) reminders: the opt-out and the once-a-day guard."""

    __tablename__ = "reminder_recipients"

    applicant_id: Mapped[int] = mapped_column(
        ForeignKey("applicants.id", ondelete="CASCADE"), primary_key=True)
    opted_out: Mapped[bool] = mapped_column(default=False)
    last_sent_on: Mapped[dt.date | None] = mapped_column(Date)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ReminderSubscription(Base):
    """“Tell me when the next round opens”: `seen_deadline` is the closed round's deadline
    when they asked, so only a round with another deadline counts as new."""

    __tablename__ = "reminder_subscriptions"
    __table_args__ = (UniqueConstraint("applicant_id", "programme"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    applicant_id: Mapped[int] = mapped_column(
        ForeignKey("applicants.id", ondelete="CASCADE"), index=True)
    programme: Mapped[str] = mapped_column(String(64))
    seen_deadline: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
