"""The chain of offices: packet stages above the receiving level, entered holiday
arrangements, earlier versions of resubmitted packets, and an internal note beside the
applicant-facing reason of a review.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04

Types are spelled out here, as in 0001, so the migration keeps its meaning when models change.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def _json() -> sa.types.TypeEngine:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _when(name: str) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def upgrade() -> None:
    op.create_table(
        "packet_stages",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("application_id", sa.Integer(),
                  sa.ForeignKey("applications.id", ondelete="CASCADE"), nullable=False),
        sa.Column("programme", sa.String(64), nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("office", sa.String(128), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("checks", _json(), nullable=False),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("note", sa.String(500), nullable=False),
        _when("arrived_at"),
        _when("updated_at"),
        sa.UniqueConstraint("application_id", "level",
                            name=op.f("uq_packet_stages_application_id_level")),
    )
    op.create_index(op.f("ix_packet_stages_application_id"), "packet_stages",
                    ["application_id"])
    op.create_index("ix_packet_stages_level_office_status", "packet_stages",
                    ["level", "office", "status"])
    op.create_table(
        "holiday_days",
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("workday", sa.Boolean(), nullable=False),
        sa.Column("name", sa.String(32), nullable=False),
        sa.Column("entered_by", sa.String(80), nullable=False),
    )
    op.create_table(
        "application_versions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("application_id", sa.Integer(),
                  sa.ForeignKey("applications.id", ondelete="CASCADE"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("data", _json(), nullable=False),
        _when("created_at"),
        sa.UniqueConstraint("application_id", "version",
                            name=op.f("uq_application_versions_application_id_version")),
    )
    op.create_index(op.f("ix_application_versions_application_id"), "application_versions",
                    ["application_id"])
    with op.batch_alter_table("application_reviews") as batch:
        batch.add_column(sa.Column("note", sa.String(500), nullable=False,
                                   server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("application_reviews") as batch:
        batch.drop_column("note")
    op.drop_index(op.f("ix_application_versions_application_id"), "application_versions")
    op.drop_table("application_versions")
    op.drop_table("holiday_days")
    op.drop_index("ix_packet_stages_level_office_status", "packet_stages")
    op.drop_index(op.f("ix_packet_stages_application_id"), "packet_stages")
    op.drop_table("packet_stages")
