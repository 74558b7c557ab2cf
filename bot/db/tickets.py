"""The hand-off tables: questions applicants asked a person, and answers saved as FAQ entries.

A ticket belongs to the office that would receive the applicant's packet (see
`bot.services.tickets.office_for`); it keeps the question with ID numbers masked, where the
applicant was in the conversation, and the answer with who gave it and when. `dedupe_key` is
unique, so a retried delivery of the message that asked can never open a second ticket.
Deleting an applicant deletes their tickets (the foreign key cascades).

A FAQ entry saved from a ticket is the office's own text; it stays when the applicant is deleted
(`ticket_id` becomes empty). An entry for one programme answers at once; an entry for every
programme (所有项目) answers only once an admin approved it (`approved_at`), so one clerk's text
never reaches applicants of other provinces unchecked. Its ids are never reused, also on
SQLite (AUTOINCREMENT): the FAQ cache detects changes from the counts, the highest id and the
latest approval (see `bot.services.saved_faq`).
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, portable_enum, utcnow


class TicketStatus(enum.StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    CLOSED = "closed"


class Ticket(Base):
    __tablename__ = "tickets"

    id: Mapped[int] = mapped_column(primary_key=True)
    applicant_id: Mapped[int] = mapped_column(ForeignKey("applicants.id", ondelete="CASCADE"),
                                              index=True)
    office: Mapped[str] = mapped_column(String(128), index=True)
    programme: Mapped[str | None] = mapped_column(String(64))
    question: Mapped[str] = mapped_column(Text)
    context: Mapped[dict[str, Any]]
    channel: Mapped[str] = mapped_column(String(16))
    locale: Mapped[str] = mapped_column(String(16))
    status: Mapped[TicketStatus] = mapped_column(portable_enum(TicketStatus, "ticket_status"),
                                                 index=True)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[str | None] = mapped_column(String(64))
    dedupe_key: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    answered_at: Mapped[dt.datetime | None]
    closed_at: Mapped[dt.datetime | None]


class FaqEntry(Base):
    """A question and its answer saved by staff; answers for `programme` (None: every one)."""

    __tablename__ = "faq_entries"
    __table_args__ = {"sqlite_autoincrement": True}  # noqa: RUF012 - SQLAlchemy reads it once

    id: Mapped[int] = mapped_column(primary_key=True)
    programme: Mapped[str | None] = mapped_column(String(64), index=True)
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    locale: Mapped[str] = mapped_column(String(16))
    office: Mapped[str] = mapped_column(String(128))
    created_by: Mapped[str] = mapped_column(String(64))
    ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("tickets.id", ondelete="SET NULL"), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    approved_by: Mapped[str | None] = mapped_column(String(64))
    approved_at: Mapped[dt.datetime | None]
