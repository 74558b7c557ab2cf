"""Staff notifications: chat bindings, one-time binding codes, queued notices.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23

Types are spelled out here, as in 0001, so the migration keeps its meaning when models change.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _json() -> sa.types.TypeEngine:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _when(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _staff() -> sa.Column:
    return sa.Column("staff_id", sa.Integer(),
                     sa.ForeignKey("staff_accounts.id", ondelete="CASCADE"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "staff_bindings",
        sa.Column("id", sa.Integer(), primary_key=True),
        _staff(),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("external_id", sa.String(128), nullable=False),
        _when("created_at"),
        sa.UniqueConstraint("channel", "external_id",
                            name=op.f("uq_staff_bindings_channel_external_id")),
        sa.UniqueConstraint("staff_id", "channel",
                            name=op.f("uq_staff_bindings_staff_id_channel")),
    )
    op.create_index(op.f("ix_staff_bindings_staff_id"), "staff_bindings", ["staff_id"])
    op.create_table(
        "staff_bind_codes",
        sa.Column("code_hash", sa.String(64), primary_key=True),
        _staff(),
        _when("expires_at"),
        _when("used_at", nullable=True),
        sa.Column("used_by", sa.String(160), nullable=True),
    )
    op.create_index(op.f("ix_staff_bind_codes_staff_id"), "staff_bind_codes", ["staff_id"])
    op.create_table(
        "staff_notices",
        sa.Column("id", sa.Integer(), primary_key=True),
        _staff(),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("params", _json(), nullable=False),
        sa.Column("dedupe_key", sa.String(64), nullable=False),
        _when("created_at"),
        _when("sent_at", nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_staff_notices_dedupe_key")),
    )
    op.create_index(op.f("ix_staff_notices_staff_id"), "staff_notices", ["staff_id"])
    op.create_index(op.f("ix_staff_notices_sent_at"), "staff_notices", ["sent_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_staff_notices_sent_at"), "staff_notices")
    op.drop_index(op.f("ix_staff_notices_staff_id"), "staff_notices")
    op.drop_table("staff_notices")
    op.drop_index(op.f("ix_staff_bind_codes_staff_id"), "staff_bind_codes")
    op.drop_table("staff_bind_codes")
    op.drop_index(op.f("ix_staff_bindings_staff_id"), "staff_bindings")
    op.drop_table("staff_bindings")
