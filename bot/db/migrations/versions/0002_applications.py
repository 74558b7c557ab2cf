"""Submitted applications, their items, and the forwarding outbox.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

Types are spelled out here, as in 0001, so the migration keeps its meaning when models change.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

STATUSES = ("submitted", "received", "returned", "resubmitted", "recommended",
            "not_recommended")
ITEM_STATUSES = ("provided", "not_applicable", "later", "needs_help", "missing")


def _json() -> sa.types.TypeEngine:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _when(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _enum(name: str, values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=16)


def upgrade() -> None:
    op.create_table(
        "applications",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("applicant_id", sa.Integer(),
                  sa.ForeignKey("applicants.id", ondelete="CASCADE"), nullable=False),
        sa.Column("programme", sa.String(64), nullable=False),
        sa.Column("category", sa.String(64), nullable=True),
        sa.Column("receipt", sa.String(32), nullable=False),
        sa.Column("status", _enum("application_status", STATUSES), nullable=False),
        sa.Column("office", sa.String(128), nullable=False),
        sa.Column("data", _json(), nullable=False),
        sa.Column("packet_path", sa.String(255), nullable=False),
        sa.Column("packet_sha256", sa.String(64), nullable=False),
        sa.Column("packet_size", sa.Integer(), nullable=False),
        _when("submitted_at"),
        _when("updated_at"),
        sa.UniqueConstraint("receipt", name=op.f("uq_applications_receipt")),
    )
    for column in ("applicant_id", "programme", "office"):
        op.create_index(op.f(f"ix_applications_{column}"), "applications", [column])
    op.create_table(
        "application_items",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("application_id", sa.Integer(),
                  sa.ForeignKey("applications.id", ondelete="CASCADE"), nullable=False),
        sa.Column("item", sa.String(64), nullable=False),
        sa.Column("status", _enum("item_status", ITEM_STATUSES), nullable=False),
        sa.Column("files", _json(), nullable=False),
        sa.UniqueConstraint("application_id", "item",
                            name=op.f("uq_application_items_application_id_item")),
    )
    op.create_index(op.f("ix_application_items_application_id"), "application_items",
                    ["application_id"])
    op.create_table(
        "outbox",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
        sa.Column("application_id", sa.Integer(),
                  sa.ForeignKey("applications.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("recipient", sa.String(255), nullable=False),
        sa.Column("message_id", sa.String(191), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _when("next_attempt_at"),
        _when("delivered_at", nullable=True),
        sa.Column("last_error", sa.String(500), nullable=True),
        _when("created_at"),
        sa.UniqueConstraint("message_id", name=op.f("uq_outbox_message_id")),
    )
    op.create_index(op.f("ix_outbox_application_id"), "outbox", ["application_id"])
    op.create_index(op.f("ix_outbox_next_attempt_at"), "outbox", ["next_attempt_at"])


def downgrade() -> None:
    for table in ("outbox", "application_items", "applications"):
        op.drop_table(table)
