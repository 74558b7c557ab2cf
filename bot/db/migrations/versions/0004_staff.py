"""Staff accounts, application reviews and quota allocations.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23

Types are spelled out here, as in 0001, so the migration keeps its meaning when models change.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _json() -> sa.types.TypeEngine:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _when(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "staff_accounts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("office", sa.String(128), nullable=False),
        sa.Column("display_name", sa.String(64), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        _when("locked_until", nullable=True),
        sa.Column("session_epoch", sa.Integer(), nullable=False),
        _when("created_at"),
        sa.UniqueConstraint("username", name=op.f("uq_staff_accounts_username")),
    )
    op.create_index(op.f("ix_staff_accounts_office"), "staff_accounts", ["office"])
    op.create_table(
        "application_reviews",
        sa.Column("application_id", sa.Integer(),
                  sa.ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("checks", _json(), nullable=False),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=True),
        _when("updated_at"),
    )
    op.create_table(
        "quota_allocations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("office", sa.String(128), nullable=False),
        sa.Column("programme", sa.String(64), nullable=False),
        sa.Column("allocation", sa.Integer(), nullable=False),
        sa.UniqueConstraint("office", "programme",
                            name=op.f("uq_quota_allocations_office_programme")),
    )


def downgrade() -> None:
    op.drop_table("quota_allocations")
    op.drop_table("application_reviews")
    op.drop_index(op.f("ix_staff_accounts_office"), "staff_accounts")
    op.drop_table("staff_accounts")
