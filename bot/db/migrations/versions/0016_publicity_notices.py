"""The 公示 an office saved: its first day, the phone for objections, the day it was issued.

Revision ID: 0016
Revises: 0013
Create Date: 2026-12-04

Types are spelled out here, as in 0001, so the migration keeps its meaning when models change.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "publicity_notices",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("programme", sa.String(64), nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("office", sa.String(128), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("phone", sa.String(40), nullable=False),
        sa.Column("issued", sa.Date(), nullable=False),
        sa.Column("saved_by", sa.String(80), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("programme", "level", "office",
                            name=op.f("uq_publicity_notices_programme_level_office")),
    )


def downgrade() -> None:
    op.drop_table("publicity_notices")
