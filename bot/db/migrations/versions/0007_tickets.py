"""Hand-off tickets answered by staff, and the FAQ entries saved from them.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23

Types are spelled out here, as in 0001, so the migration keeps its meaning when models change.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

STATUSES = ("open", "answered", "closed")


def _json() -> sa.types.TypeEngine:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _when(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "tickets",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("applicant_id", sa.Integer(),
                  sa.ForeignKey("applicants.id", ondelete="CASCADE"), nullable=False),
        sa.Column("office", sa.String(128), nullable=False),
        sa.Column("programme", sa.String(64), nullable=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("context", _json(), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("locale", sa.String(16), nullable=False),
        sa.Column("status", sa.Enum(*STATUSES, name="ticket_status", native_enum=False,
                                    create_constraint=True, length=16), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_by", sa.String(64), nullable=True),
        sa.Column("dedupe_key", sa.String(64), nullable=False),
        _when("created_at"),
        _when("answered_at", nullable=True),
        _when("closed_at", nullable=True),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_tickets_dedupe_key")),
    )
    for column in ("applicant_id", "office", "status"):
        op.create_index(op.f(f"ix_tickets_{column}"), "tickets", [column])
    op.create_table(
        "faq_entries",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("programme", sa.String(64), nullable=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("locale", sa.String(16), nullable=False),
        sa.Column("office", sa.String(128), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("ticket_id", sa.Integer(),
                  sa.ForeignKey("tickets.id", ondelete="SET NULL"), nullable=True),
        _when("created_at"),
        sa.UniqueConstraint("ticket_id", name=op.f("uq_faq_entries_ticket_id")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_faq_entries_programme"), "faq_entries", ["programme"])


def downgrade() -> None:
    op.drop_index(op.f("ix_faq_entries_programme"), "faq_entries")
    op.drop_table("faq_entries")
    for column in ("status", "office", "applicant_id"):
        op.drop_index(op.f(f"ix_tickets_{column}"), "tickets")
    op.drop_table("tickets")
