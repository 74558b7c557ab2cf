"""Nonces of signed platform callbacks, shared by the workers so a replay is refused by all.

Revision ID: 0012
Revises: 0018
Create Date: 2026-12-04

Types are spelled out here, as in 0001, so the migration keeps its meaning when models change.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "seen_nonces",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_seen_nonces_seen_at", "seen_nonces", ["seen_at"])


def downgrade() -> None:
    op.drop_index("ix_seen_nonces_seen_at", "seen_nonces")
    op.drop_table("seen_nonces")
