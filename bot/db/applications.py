"""The tables of submitted applications: the application, its items, and the forwarding outbox.

While an applicant is still collecting, the application lives in the dialog state (saved every
turn). Submitting writes it here once, with the packet's path and hash, and an outbox row in
the same transaction: the delivery worker picks outbox rows up later, so a submission is never
lost to an SMTP outage and never sent twice (`message_id` is unique and derived from the packet).
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import BIG_ID, Base, portable_enum, utcnow


class ApplicationStatus(enum.StrEnum):
    """The lifecycle after submission; every change is also an event."""

    SUBMITTED = "submitted"
    RECEIVED = "received"
    RETURNED = "returned"
    RESUBMITTED = "resubmitted"
    RECOMMENDED = "recommended"
    NOT_RECOMMENDED = "not_recommended"


class ItemStatus(enum.StrEnum):
    PROVIDED = "provided"
    NOT_APPLICABLE = "not_applicable"
    LATER = "later"
    NEEDS_HELP = "needs_help"
    MISSING = "missing"



class Application(Base):
    """One submitted application and the packet built from it.

    The lists read it at scale (`bot.services.chain.queue`): the newest first through
    `submitted_at`'s index (a page of 50 stops after 50 rows instead of sorting all 5,000), and
    the per-programme bars from (programme, status, office) alone, never the rows' JSON."""

    __tablename__ = "applications"
    __table_args__ = (Index("ix_applications_submitted_at", "submitted_at"),
                      Index("ix_applications_programme_status_office", "programme", "status",
                            "office"))

    id: Mapped[int] = mapped_column(primary_key=True)
    applicant_id: Mapped[int] = mapped_column(ForeignKey("applicants.id", ondelete="CASCADE"),
                                              index=True)
    programme: Mapped[str] = mapped_column(String(64), index=True)
    category: Mapped[str | None] = mapped_column(String(64))
    receipt: Mapped[str] = mapped_column(String(32), unique=True)
    status: Mapped[ApplicationStatus] = mapped_column(portable_enum(ApplicationStatus,
                                                            "application_status"))
    office: Mapped[str] = mapped_column(String(128), index=True)
    data: Mapped[dict[str, Any]]
    packet_path: Mapped[str] = mapped_column(String(255))
    packet_sha256: Mapped[str] = mapped_column(String(64))
    packet_size: Mapped[int] = mapped_column(Integer)
    submitted_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ApplicationItem(Base):
    """One checklist item of a submitted application, so staff can return just that item."""

    __tablename__ = "application_items"
    __table_args__ = (UniqueConstraint("application_id", "item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    item: Mapped[str] = mapped_column(String(64))
    status: Mapped[ItemStatus] = mapped_column(portable_enum(ItemStatus, "item_status"))
    files: Mapped[dict[str, Any]]


class Outbox(Base):
    """A delivery still to make (or made): one row per packet and channel of delivery."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(BIG_ID, primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    recipient: Mapped[str] = mapped_column(String(255))
    message_id: Mapped[str] = mapped_column(String(191), unique=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    delivered_at: Mapped[dt.datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
