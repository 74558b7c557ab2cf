"""Login throttling by address instead of account lock-out; one-time passwords must change.

Revision ID: 0012b
Revises: 0012
Create Date: 2026-12-04

The lock-out columns go: an outsider could lock any clerk out with five wrong passwords.
Accounts that exist already were all given generated one-time passwords (`awardbot staff add`
prints one and nothing could change it), so they must choose their own at the next login.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012b"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_attempts",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_login_attempts_last_at", "login_attempts", ["last_at"])
    with op.batch_alter_table("staff_accounts") as batch:
        batch.add_column(sa.Column("must_change_password", sa.Boolean(), nullable=False,
                                   server_default=sa.true()))
        batch.drop_column("failed_logins")
        batch.drop_column("locked_until")


def downgrade() -> None:
    with op.batch_alter_table("staff_accounts") as batch:
        batch.add_column(sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("failed_logins", sa.Integer(), nullable=False,
                                   server_default="0"))
        batch.drop_column("must_change_password")
    op.drop_index("ix_login_attempts_last_at", "login_attempts")
    op.drop_table("login_attempts")
