"""Rounds opened by an office after a pack shipped (issue 21): the round file with its notice,
who drafted it and who opened it.

Revision ID: 0018
Revises: 0016b
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0016b"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "programme_rounds",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("programme", sa.String(64), nullable=False),
        sa.Column("round", sa.String(32), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("office", sa.String(128), nullable=False),
        sa.Column("created_by", sa.String(80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_by", sa.String(80), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("programme", "round",
                            name=op.f("uq_programme_rounds_programme_round")),
    )
    op.create_index(op.f("ix_programme_rounds_programme"), "programme_rounds", ["programme"])


def downgrade() -> None:
    op.drop_index(op.f("ix_programme_rounds_programme"), "programme_rounds")
    op.drop_table("programme_rounds")
