"""The tables: who an applicant is, where they talk to us, what they told us, and what happened.

Sensitive facts (ID numbers) never live in the `answers.value` JSON: their row holds only the
AES-GCM ciphertext and a keyed hash, and a CHECK constraint makes the database itself refuse a
plaintext value for them. Rows have no ORM relationships on purpose: the store functions query
explicitly, which keeps async code free of lazy loads.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import BIG_ID, Base, json_type, portable_enum, utcnow

SENSITIVE_FACTS = ("id_number",)
"""Facts stored only encrypted. Adding one needs a migration that updates the CHECK below."""
SEALED_FIELD_PREFIX = "field:"
"""Answers named `field:<id>` (a form's mobile or bank account number) are sealed too."""


def is_sensitive(fact: str) -> bool:
    return fact in SENSITIVE_FACTS or fact.startswith(SEALED_FIELD_PREFIX)


class Channel(enum.StrEnum):
    """Where a message came from; stored as its lowercase value."""

    WEB = "web"
    TELEGRAM = "telegram"
    WECHAT = "wechat"
    CONSOLE = "console"


class AnswerSource(enum.StrEnum):
    """How we know a fact: the applicant typed it, we derived it, or a document showed it."""

    TYPED = "typed"
    DERIVED = "derived"
    DOCUMENT = "document"



def _applicant_fk(*, nullable: bool = False, ondelete: str = "CASCADE") -> Mapped[Any]:
    return mapped_column(ForeignKey("applicants.id", ondelete=ondelete), index=True,
                         nullable=nullable)


class Applicant(Base):
    """One person, whichever channels they use.

    Ids are never reused, also on SQLite (AUTOINCREMENT): after a deletion, nothing that still
    carries the old id (a late turn, a file path) can ever point at a new person.
    """

    __tablename__ = "applicants"
    __table_args__ = {"sqlite_autoincrement": True}  # noqa: RUF012 - SQLAlchemy reads it once

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    locale: Mapped[str] = mapped_column(String(16), default="zh_CN")


class ChannelIdentity(Base):
    """An applicant's address on one channel (WeChat openid, Telegram user id, web cookie)."""

    __tablename__ = "channel_identities"
    __table_args__ = (UniqueConstraint("channel", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    applicant_id: Mapped[int] = _applicant_fk()
    channel: Mapped[Channel] = mapped_column(portable_enum(Channel, "channel"))
    external_id: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class DialogSession(Base):
    """The dialog engine's state for one applicant; `version` detects concurrent turns."""

    __tablename__ = "dialog_sessions"

    applicant_id: Mapped[int] = mapped_column(
        ForeignKey("applicants.id", ondelete="CASCADE"), primary_key=True)
    state: Mapped[dict[str, Any]]
    version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy reads it once


class Answer(Base):
    """One fact about an applicant: a plain JSON value, or for sensitive facts a sealed one."""

    __tablename__ = "answers"
    __table_args__ = (
        UniqueConstraint("applicant_id", "fact"),
        CheckConstraint("(value IS NULL) <> (value_ciphertext IS NULL) AND "
                        "(value_ciphertext IS NULL) = (value_hash IS NULL)",
                        name="plain_or_sealed"),
        CheckConstraint("value IS NULL OR (fact NOT IN ("
                        + ", ".join(f"'{fact}'" for fact in SENSITIVE_FACTS) + ") AND fact NOT "
                        f"LIKE '{SEALED_FIELD_PREFIX}%')", name="sensitive_sealed"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    applicant_id: Mapped[int] = _applicant_fk()
    fact: Mapped[str] = mapped_column(String(64))
    value: Mapped[Any] = mapped_column(json_type(none_as_null=True), nullable=True)
    value_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    value_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    source: Mapped[AnswerSource] = mapped_column(portable_enum(AnswerSource, "source"))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Consent(Base):
    """Consent to a version of the privacy notice, and its withdrawal."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    applicant_id: Mapped[int] = _applicant_fk()
    version: Mapped[str] = mapped_column(String(32))
    given_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    channel: Mapped[Channel] = mapped_column(portable_enum(Channel, "channel"))
    withdrawn_at: Mapped[dt.datetime | None]


class Event(Base):
    """An append-only log entry: status changes, deletions, anything staff may need to audit.

    `actor` is a role or staff login ("applicant", "system", "staff:wang"), never an applicant's
    identity: that belongs in `applicant_id`, which deletion clears.
    """

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(BIG_ID, primary_key=True)
    applicant_id: Mapped[int | None] = _applicant_fk(nullable=True, ondelete="SET NULL")
    kind: Mapped[str] = mapped_column(String(64), index=True)
    payload: Mapped[dict[str, Any]]
    actor: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ProcessedInbound(Base):
    """A message already handled, with the reply it got, so a retried delivery is answered
    the same way and changes nothing.

    Deleting an applicant deletes their rows; `applicant_id` is empty only for the message whose
    own turn deleted the applicant, kept so that a retry of it is not run again.
    Rows are only needed while platforms retry: `purge_processed_inbound` drops old ones.
    """

    __tablename__ = "processed_inbound"
    __table_args__ = (UniqueConstraint("channel", "message_key"),)

    id: Mapped[int] = mapped_column(BIG_ID, primary_key=True)
    channel: Mapped[Channel] = mapped_column(portable_enum(Channel, "channel"))
    message_key: Mapped[str] = mapped_column(String(191))
    applicant_id: Mapped[int | None] = _applicant_fk(nullable=True)
    reply: Mapped[Any] = mapped_column(json_type())
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)

from bot.db.applications import (  # noqa: E402 - registers the application tables on Base
    Application,
    ApplicationItem,
    Outbox,
)

__all__ = ["Application", "ApplicationItem", "Outbox"]

from bot.db.channels import (  # noqa: E402 - registers the channel tables on Base
    AccessToken,
    BlockedRecipient,
    OutboundMessage,
    TelegramInbox,
)

__all__ += ["AccessToken", "BlockedRecipient", "OutboundMessage", "TelegramInbox"]

from bot.db.staff import (  # noqa: E402 - registers the staff tables on Base
    ApplicationReview,
    QuotaAllocation,
    StaffAccount,
)

__all__ += ["ApplicationReview", "QuotaAllocation", "StaffAccount"]

from bot.db.staff_notices import (  # noqa: E402 - registers the staff notification tables
    StaffBindCode,
    StaffBinding,
    StaffNotice,
)

__all__ += ["StaffBindCode", "StaffBinding", "StaffNotice"]

from bot.db.tickets import FaqEntry, Ticket  # noqa: E402 - registers the hand-off tables

__all__ += ["FaqEntry", "Ticket"]

from bot.db.reminders import (  # noqa: E402 - registers the reminder tables on Base
    ReminderJob,
    ReminderRecipient,
    ReminderSubscription,
)

__all__ += ["ReminderJob", "ReminderRecipient", "ReminderSubscription"]

from bot.db.chain import (  # noqa: E402 - registers the chain tables
    ApplicationVersion,
    HolidayDay,
    PacketStage,
    PublicityNotice,
)

__all__ += ["ApplicationVersion", "HolidayDay", "PacketStage", "PublicityNotice"]

from bot.db.rounds import ProgrammeRound  # noqa: E402 - registers the rounds table on Base

__all__ += ["ProgrammeRound"]

from bot.outbox.models import OutboxMessage  # noqa: E402 - registers the message outbox

__all__ += ["OutboxMessage"]

from bot.security.tables import (  # noqa: E402 - registers the defences' tables
    LoginAttempts,
    RateWindow,
    SeenNonce,
)

__all__ += ["LoginAttempts", "RateWindow", "SeenNonce"]
