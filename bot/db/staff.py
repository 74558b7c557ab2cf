"""The staff side's tables: accounts, each application's review (checks, decision, rank), and
the allocations provinces hand out after a notice is published.

Staff accounts belong to one office key (`省/市/县` as `bot.services.offices` derives them);
the review row is separate from `applications` so the packet engineer's table keeps meaning
exactly what the applicant sent, and every change to a review is also an event.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, utcnow

NATIONAL_ADMIN = "national_admin"
ROLES = ("office", "reviewer", "admin", NATIONAL_ADMIN)
ADMIN_ROLES = ("admin", NATIONAL_ADMIN)
"""`admin` is scoped to its office's subtree; `national_admin` reaches every office."""


class StaffAccount(Base):
    """A person at an office; `password_hash` is argon2id. `must_change_password` is set while
    the password is a generated one-time password (guessing is throttled by address,
    `bot.security.throttle`, never by locking the account)."""

    __tablename__ = "staff_accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    office: Mapped[str] = mapped_column(String(128), index=True)
    display_name: Mapped[str] = mapped_column(String(64), default="")
    must_change_password: Mapped[bool] = mapped_column(default=True)
    session_epoch: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ApplicationReview(Base):
    """The office's work on one application: checks done, the decision's reason, the rank."""

    __tablename__ = "application_reviews"

    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True)
    checks: Mapped[dict[str, Any]]
    reason: Mapped[str] = mapped_column(String(500), default="")
    """What the applicant reads (不推荐的原因, the recommendation's opinion)."""
    note: Mapped[str] = mapped_column(String(500), default="")
    """For the offices only: an internal note the applicant never sees."""
    rank: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class QuotaAllocation(Base):
    """A number the province allocated to an office for a programme (Jilin's notices publish
    only a ratio of an allocation sent later)."""

    __tablename__ = "quota_allocations"
    __table_args__ = (UniqueConstraint("office", "programme"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office: Mapped[str] = mapped_column(String(128))
    programme: Mapped[str] = mapped_column(String(64))
    allocation: Mapped[int] = mapped_column(Integer)
