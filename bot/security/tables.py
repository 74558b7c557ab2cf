"""The tables the defences share between worker processes.

Every worker must see the same nonces, or a message replayed to the next worker would pass;
so they live in the database, not in memory.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, utcnow


class SeenNonce(Base):
    """A signed (timestamp, nonce) pair already used, and a digest of the message it carried."""

    __tablename__ = "seen_nonces"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64))
    seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)


class LoginAttempts(Base):
    """Recent password attempts under one throttle key (an address, or an address with a
    username), hashed: the table names nobody."""

    __tablename__ = "login_attempts"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)


class RateWindow(Base):
    """Hits under one rate-limit key (hashed) in the window starting at `window` (Unix s)."""

    __tablename__ = "rate_windows"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    window: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    hits: Mapped[int] = mapped_column(Integer, default=0)
