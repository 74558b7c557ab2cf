"""The rounds offices opened after a pack shipped: each one's file (its notice text inside),
who drafted it, and who opened it when.

A row is a draft until `opened_at` is set; only opened rounds reach applicants
(`bot.services.rounds`). Rows are never deleted once opened: a packet names its round, and the
packet page reads that round's dates even after a later round replaced it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, utcnow


class ProgrammeRound(Base):
    __tablename__ = "programme_rounds"
    __table_args__ = (UniqueConstraint("programme", "round"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme: Mapped[str] = mapped_column(String(64), index=True)
    round: Mapped[str] = mapped_column(String(32))
    body: Mapped[str] = mapped_column(Text)
    office: Mapped[str] = mapped_column(String(128))
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    opened_by: Mapped[str | None] = mapped_column(String(80))
    opened_at: Mapped[dt.datetime | None]
