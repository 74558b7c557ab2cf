"""Empty the payloads of Telegram updates already finished.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02

From now on an update's payload (the message as Telegram sent it: its text, the sender's
name) is emptied when the update is finished; it is only needed while the update may have to
be processed again. This clears what earlier versions kept for up to 90 days.
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE telegram_inbox SET payload = '{}' WHERE status <> 'received'")


def downgrade() -> None:
    """Nothing to restore: the texts are gone, which was the point."""
