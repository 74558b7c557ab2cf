"""The tables the messaging channels need: Telegram's inbox, sent messages, blocked
recipients, and the one shared platform access token.

Telegram redelivers an update until it gets a 2xx answer, so an update is written to the inbox
(unique on `update_id`) before it is acknowledged, and processed from there. WeChat allows only
a limited number of access-token fetches a day and every fetch invalidates the previous token,
so all processes share one token row, refreshed by whoever holds its row lock.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import BigInteger, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import BIG_ID, Base, json_type, utcnow


class TelegramInbox(Base):
    """One Telegram update as received; `status` is received, done or failed."""

    __tablename__ = "telegram_inbox"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    payload: Mapped[Any] = mapped_column(json_type())
    status: Mapped[str] = mapped_column(String(16), default="received", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[dt.datetime | None]


class OutboundMessage(Base):
    """Every message handed to a channel's sender, with its outcome (no message text: the
    record is for pacing and delivery audits, and must not outlive a deletion request)."""

    __tablename__ = "outbound_messages"

    id: Mapped[int] = mapped_column(BIG_ID, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    recipient: Mapped[str] = mapped_column(String(128), index=True)
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)


class BlockedRecipient(Base):
    """Someone who blocked the bot: nothing more is sent to them until they write again."""

    __tablename__ = "blocked_recipients"
    __table_args__ = (UniqueConstraint("channel", "recipient"),)

    id: Mapped[int] = mapped_column(BIG_ID, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    recipient: Mapped[str] = mapped_column(String(128))
    blocked_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AccessToken(Base):
    """A platform access token shared by every process (`name` like `wechat:<appid>`)."""

    __tablename__ = "access_tokens"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    token: Mapped[str] = mapped_column(String(1024))
    expires_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    refreshing_until: Mapped[dt.datetime | None]
    """While set and in the future, one process is fetching a new token (`shared_token`)."""
    rejected_refresh_at: Mapped[dt.datetime | None]
    """When the token was fetched to replace a rejected one (None: an ordinary refresh)."""
