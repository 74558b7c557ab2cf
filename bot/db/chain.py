"""The chain's tables: a packet's stage at each level above the one that received it, and the
holiday arrangements an admin enters for years the calendar library does not know yet.

The receiving level keeps working on `applications.status` and `application_reviews` (the
applicant's own lifecycle); a county's 推荐 creates the packet's row at the city, the city's
推荐 its row at the province, so each level's inbox, quota and ranking are plain queries on
`packet_stages` filtered by level and office.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, utcnow


class PacketStage(Base):
    """Where a packet stands at one level above its receiving office: `status` is waiting,
    received, returned, recommended or not_recommended.

    `reason` is what the applicant reads (不推荐的原因, the recommendation's opinion); `note` is
    for the offices only. `arrived_at` is when the level below forwarded it (days waiting).
    """

    __tablename__ = "packet_stages"
    __table_args__ = (UniqueConstraint("application_id", "level"),
                      Index("ix_packet_stages_level_office_status", "level", "office",
                            "status"))

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    programme: Mapped[str] = mapped_column(String(64))
    level: Mapped[str] = mapped_column(String(16))
    office: Mapped[str] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(16))
    rank: Mapped[int | None] = mapped_column(Integer)
    checks: Mapped[dict[str, Any]]
    reason: Mapped[str] = mapped_column(String(500), default="")
    note: Mapped[str] = mapped_column(String(500), default="")
    arrived_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class HolidayDay(Base):
    """One day of a year's holiday arrangement as the State Council's notice publishes it:
    `workday` false for a day off, true for an adjusted working weekend day (调休上班)."""

    __tablename__ = "holiday_days"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    workday: Mapped[bool]
    name: Mapped[str] = mapped_column(String(32), default="")
    entered_by: Mapped[str] = mapped_column(String(80), default="")


class ApplicationVersion(Base):
    """What a packet held before a resubmission replaced it, so each level can see what the
    applicant changed (the fields, the files and the essay; ID numbers stay masked as in
    `applications.data`)."""

    __tablename__ = "application_versions"
    __table_args__ = (UniqueConstraint("application_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class PublicityNotice(Base):
    """The 公示 an office posts for a programme at its level, as the clerk saved it: the first
    day, the phone for objections and the day it was issued, so the text reads the same every
    time the page is opened and the record shows who set it."""

    __tablename__ = "publicity_notices"
    __table_args__ = (UniqueConstraint("programme", "level", "office"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme: Mapped[str] = mapped_column(String(64))
    level: Mapped[str] = mapped_column(String(16))
    office: Mapped[str] = mapped_column(String(128))
    start: Mapped[dt.date] = mapped_column(Date)
    phone: Mapped[str] = mapped_column(String(40))
    issued: Mapped[dt.date] = mapped_column(Date)
    saved_by: Mapped[str] = mapped_column(String(80))
    saved_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
