"""Indexes for the lists at 5,000 packets: the newest first, and the per-programme bars.

Revision ID: 0016b
Revises: 0016
Create Date: 2026-12-04

A page of the province's overview sorted all 5,000 applications (their JSON included) to keep
50; with `submitted_at` indexed it reads the newest 50. The bars count by programme, status
and office, which the second index covers without touching the rows.
"""

from __future__ import annotations

from alembic import op

revision = "0016b"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_applications_submitted_at", "applications", ["submitted_at"])
    op.create_index("ix_applications_programme_status_office", "applications",
                    ["programme", "status", "office"])


def downgrade() -> None:
    op.drop_index("ix_applications_programme_status_office", "applications")
    op.drop_index("ix_applications_submitted_at", "applications")
