"""The message outbox (every message to an applicant or a clerk, until the platform accepted
it), the link from a reminder and a staff notice to the outbox message carrying it, and the
refresh lease of a shared access token (one refresh at a time, outside any transaction).

Revision ID: 0013
Revises: 0011
Create Date: 2026-12-04

Types are spelled out here, as in 0001, so the migration keeps its meaning when models change.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0013"
down_revision = "0011"
branch_labels = None
depends_on = None


def _json() -> sa.types.TypeEngine:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _id() -> sa.types.TypeEngine:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "outbox_messages",
        sa.Column("id", _id(), primary_key=True),
        sa.Column("idempotency_key", sa.String(128), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("recipient", sa.String(128), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("payload", _json(), nullable=False),
        sa.Column("applicant_id", sa.Integer(),
                  sa.ForeignKey("applicants.id", ondelete="CASCADE"), nullable=True),
        sa.Column("office", sa.String(128), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(300), nullable=True),
        sa.Column("route", sa.String(32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("idempotency_key",
                            name=op.f("uq_outbox_messages_idempotency_key")),
    )
    op.create_index("ix_outbox_messages_claim", "outbox_messages",
                    ["channel", "status", "next_attempt_at"])
    op.create_index("ix_outbox_messages_recipient", "outbox_messages",
                    ["channel", "recipient", "status"])
    op.create_index(op.f("ix_outbox_messages_applicant_id"), "outbox_messages",
                    ["applicant_id"])
    op.create_index(op.f("ix_outbox_messages_office"), "outbox_messages", ["office"])
    with op.batch_alter_table("reminder_jobs") as batch:
        batch.add_column(sa.Column("outbox_key", sa.String(128), nullable=True))
        batch.create_index(batch.f("ix_reminder_jobs_outbox_key"), ["outbox_key"])
    with op.batch_alter_table("staff_notices") as batch:
        batch.add_column(sa.Column("queued_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_index(batch.f("ix_staff_notices_queued_at"), ["queued_at"])
    with op.batch_alter_table("access_tokens") as batch:
        batch.add_column(sa.Column("refreshing_until", sa.DateTime(timezone=True),
                                   nullable=True))
        batch.add_column(sa.Column("rejected_refresh_at", sa.DateTime(timezone=True),
                                   nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("access_tokens") as batch:
        batch.drop_column("rejected_refresh_at")
        batch.drop_column("refreshing_until")
    with op.batch_alter_table("staff_notices") as batch:
        batch.drop_index(batch.f("ix_staff_notices_queued_at"))
        batch.drop_column("queued_at")
    with op.batch_alter_table("reminder_jobs") as batch:
        batch.drop_index(batch.f("ix_reminder_jobs_outbox_key"))
        batch.drop_column("outbox_key")
    op.drop_index(op.f("ix_outbox_messages_office"), "outbox_messages")
    op.drop_index(op.f("ix_outbox_messages_applicant_id"), "outbox_messages")
    op.drop_index("ix_outbox_messages_recipient", "outbox_messages")
    op.drop_index("ix_outbox_messages_claim", "outbox_messages")
    op.drop_table("outbox_messages")
