"""Applicant reminders: queued jobs, per-person settings, next-round subscriptions.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23

Types are spelled out here, as in 0001, so the migration keeps its meaning when models change.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _json() -> sa.types.TypeEngine:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _when(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _applicant(*, primary_key: bool = False) -> sa.Column:
    return sa.Column("applicant_id", sa.Integer(),
                     sa.ForeignKey("applicants.id", ondelete="CASCADE"), nullable=False,
                     primary_key=primary_key)


def upgrade() -> None:
    op.create_table(
        "reminder_jobs",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
        _applicant(),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("programme", sa.String(64), nullable=False),
        sa.Column("params", _json(), nullable=False),
        sa.Column("dedupe_key", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        _when("due_at"),
        _when("expires_at"),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(16), nullable=True),
        sa.Column("last_error", sa.String(300), nullable=True),
        _when("sent_at", nullable=True),
        _when("created_at"),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_reminder_jobs_dedupe_key")),
    )
    for column in ("applicant_id", "status", "due_at"):
        op.create_index(op.f(f"ix_reminder_jobs_{column}"), "reminder_jobs", [column])
    op.create_table(
        "reminder_recipients",
        _applicant(primary_key=True),
        sa.Column("opted_out", sa.Boolean(), nullable=False),
        sa.Column("last_sent_on", sa.Date(), nullable=True),
        _when("updated_at"),
    )
    op.create_table(
        "reminder_subscriptions",
        sa.Column("id", sa.Integer(), primary_key=True),
        _applicant(),
        sa.Column("programme", sa.String(64), nullable=False),
        sa.Column("seen_deadline", sa.String(10), nullable=False),
        _when("created_at"),
        sa.UniqueConstraint("applicant_id", "programme",
                            name=op.f("uq_reminder_subscriptions_applicant_id_programme")),
    )
    op.create_index(op.f("ix_reminder_subscriptions_applicant_id"), "reminder_subscriptions",
                    ["applicant_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_reminder_subscriptions_applicant_id"), "reminder_subscriptions")
    op.drop_table("reminder_subscriptions")
    op.drop_table("reminder_recipients")
    for column in ("due_at", "status", "applicant_id"):
        op.drop_index(op.f(f"ix_reminder_jobs_{column}"), "reminder_jobs")
    op.drop_table("reminder_jobs")
