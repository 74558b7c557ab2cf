"""Initial schema: applicants, channel identities, dialog sessions, answers, consents, events,
processed inbound messages.

Revision ID: 0001
Revises:
Create Date: 2026-11-23

Types are spelled out here rather than imported from `bot.db` so that this migration keeps
meaning what it meant when later versions of the models change.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

CHANNELS = ("web", "telegram", "wechat", "console")
SOURCES = ("typed", "derived", "document")


def _json(*, none_as_null: bool = False) -> sa.types.TypeEngine:
    return sa.JSON(none_as_null=none_as_null).with_variant(
        postgresql.JSONB(none_as_null=none_as_null), "postgresql")


def _when() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def _channel() -> sa.Column:
    return sa.Column("channel", sa.Enum(*CHANNELS, name="channel", native_enum=False,
                                        create_constraint=True, length=16), nullable=False)


def _applicant_id(*, nullable: bool = False, ondelete: str = "CASCADE") -> sa.Column:
    return sa.Column("applicant_id", sa.Integer(),
                     sa.ForeignKey("applicants.id", ondelete=ondelete), nullable=nullable)


def _index_applicant_id(table: str) -> None:
    op.create_index(op.f(f"ix_{table}_applicant_id"), table, ["applicant_id"])


def upgrade() -> None:
    op.create_table(
        "applicants",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("created_at", _when(), nullable=False),
        sa.Column("locale", sa.String(16), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "channel_identities",
        sa.Column("id", sa.Integer(), primary_key=True),
        _applicant_id(),
        _channel(),
        sa.Column("external_id", sa.String(128), nullable=False),
        sa.Column("created_at", _when(), nullable=False),
        sa.Column("last_seen_at", _when(), nullable=False),
        sa.UniqueConstraint("channel", "external_id",
                            name=op.f("uq_channel_identities_channel_external_id")),
    )
    _index_applicant_id("channel_identities")
    op.create_table(
        "dialog_sessions",
        sa.Column("applicant_id", sa.Integer(),
                  sa.ForeignKey("applicants.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("state", _json(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", _when(), nullable=False),
    )
    op.create_table(
        "answers",
        sa.Column("id", sa.Integer(), primary_key=True),
        _applicant_id(),
        sa.Column("fact", sa.String(64), nullable=False),
        sa.Column("value", _json(none_as_null=True), nullable=True),
        sa.Column("value_ciphertext", sa.LargeBinary(), nullable=True),
        sa.Column("value_hash", sa.String(64), nullable=True),
        sa.Column("source", sa.Enum(*SOURCES, name="source", native_enum=False,
                                    create_constraint=True, length=16), nullable=False),
        sa.Column("updated_at", _when(), nullable=False),
        sa.UniqueConstraint("applicant_id", "fact", name=op.f("uq_answers_applicant_id_fact")),
        sa.CheckConstraint("(value IS NULL) <> (value_ciphertext IS NULL) AND "
                           "(value_ciphertext IS NULL) = (value_hash IS NULL)",
                           name=op.f("ck_answers_plain_or_sealed")),
        sa.CheckConstraint("value IS NULL OR fact NOT IN ('id_number')",
                           name=op.f("ck_answers_sensitive_sealed")),
    )
    _index_applicant_id("answers")
    op.create_index(op.f("ix_answers_value_hash"), "answers", ["value_hash"])
    op.create_table(
        "consents",
        sa.Column("id", sa.Integer(), primary_key=True),
        _applicant_id(),
        sa.Column("version", sa.String(32), nullable=False),
        sa.Column("given_at", _when(), nullable=False),
        _channel(),
        sa.Column("withdrawn_at", _when(), nullable=True),
    )
    _index_applicant_id("consents")
    op.create_table(
        "events",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
        _applicant_id(nullable=True, ondelete="SET NULL"),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("payload", _json(), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("created_at", _when(), nullable=False),
    )
    _index_applicant_id("events")
    op.create_index(op.f("ix_events_kind"), "events", ["kind"])
    op.create_table(
        "processed_inbound",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
        _channel(),
        sa.Column("message_key", sa.String(191), nullable=False),
        _applicant_id(nullable=True),
        sa.Column("reply", _json(), nullable=False),
        sa.Column("created_at", _when(), nullable=False),
        sa.UniqueConstraint("channel", "message_key",
                            name=op.f("uq_processed_inbound_channel_message_key")),
    )
    _index_applicant_id("processed_inbound")
    op.create_index(op.f("ix_processed_inbound_created_at"), "processed_inbound", ["created_at"])


def downgrade() -> None:
    for table in ("processed_inbound", "events", "consents", "answers", "dialog_sessions",
                  "channel_identities", "applicants"):
        op.drop_table(table)
