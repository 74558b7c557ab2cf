"""Saved FAQ entries for every programme wait for an admin's approval.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04

An entry a clerk saved for one programme keeps answering (it is approved as it was saved); an
entry saved for 所有项目 answered applicants of every province with one clerk's text, so the
existing ones wait for an admin like new ones do.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("faq_entries") as table:
        table.add_column(sa.Column("approved_by", sa.String(64), nullable=True))
        table.add_column(sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE faq_entries SET approved_by = created_by, approved_at = created_at "
               "WHERE programme IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table("faq_entries") as table:
        table.drop_column("approved_at")
        table.drop_column("approved_by")
