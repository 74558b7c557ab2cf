"""Staff notifications' tables: chat bindings, one-time binding codes, and queued notices.

A binding ties one Telegram chat or WeChat OpenID to a staff account (one per channel per
account; a chat belongs to one account). Codes are stored only as a SHA-256 hash: they are
short-lived secrets. Notices are queued rows rather than direct sends so the applicant's
submission transaction only inserts, never talks to a chat platform, and `dedupe_key` (unique)
makes a reminder impossible to queue twice, whichever process tries.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, utcnow


class StaffBinding(Base):
    __tablename__ = "staff_bindings"
    __table_args__ = (UniqueConstraint("channel", "external_id"),
                      UniqueConstraint("staff_id", "channel"))

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff_accounts.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class StaffBindCode(Base):
    __tablename__ = "staff_bind_codes"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff_accounts.id", ondelete="CASCADE"), index=True)
    expires_at: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]
    used_by: Mapped[str | None] = mapped_column(String(160))


class StaffNotice(Base):
    """One message for one staff account, sent to each of its bindings when delivered."""

    __tablename__ = "staff_notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff_accounts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    params: Mapped[dict[str, Any]]
    dedupe_key: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    """When a platform accepted it on one of the account's bindings."""
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    queued_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    """When it was handed to the outbox, one message per binding."""
