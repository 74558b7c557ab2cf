"""Channel tables: Telegram inbox, outbound message records, blocked recipients, access tokens.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23

Types are spelled out here, as in 0001, so the migration keeps its meaning when models change.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _json() -> sa.types.TypeEngine:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _when(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _big_id() -> sa.Column:
    return sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                     primary_key=True)


def upgrade() -> None:
    op.create_table(
        "telegram_inbox",
        sa.Column("update_id", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("payload", _json(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _when("received_at"),
        _when("finished_at", nullable=True),
    )
    op.create_index(op.f("ix_telegram_inbox_status"), "telegram_inbox", ["status"])
    op.create_table(
        "outbound_messages",
        _big_id(),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("recipient", sa.String(128), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _when("created_at"),
    )
    op.create_index(op.f("ix_outbound_messages_recipient"), "outbound_messages", ["recipient"])
    op.create_index(op.f("ix_outbound_messages_created_at"), "outbound_messages",
                    ["created_at"])
    op.create_table(
        "blocked_recipients",
        _big_id(),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("recipient", sa.String(128), nullable=False),
        _when("blocked_at"),
        sa.UniqueConstraint("channel", "recipient",
                            name=op.f("uq_blocked_recipients_channel_recipient")),
    )
    op.create_table(
        "access_tokens",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("token", sa.String(1024), nullable=False),
        _when("expires_at"),
        _when("updated_at"),
    )


def downgrade() -> None:
    op.drop_table("access_tokens")
    op.drop_table("blocked_recipients")
    op.drop_index(op.f("ix_outbound_messages_created_at"), "outbound_messages")
    op.drop_index(op.f("ix_outbound_messages_recipient"), "outbound_messages")
    op.drop_table("outbound_messages")
    op.drop_index(op.f("ix_telegram_inbox_status"), "telegram_inbox")
    op.drop_table("telegram_inbox")
