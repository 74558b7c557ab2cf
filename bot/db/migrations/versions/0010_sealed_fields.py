"""A form's mobile and bank account numbers are sealed answers like the ID number.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04

Answers named `field:<id>` hold them encrypted; the CHECK that keeps the ID number out of the
plain `value` column now covers them too.
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_OLD = "value IS NULL OR fact NOT IN ('id_number')"
_NEW = "value IS NULL OR (fact NOT IN ('id_number') AND fact NOT LIKE 'field:%')"


def _replace(condition: str) -> None:
    with op.batch_alter_table("answers") as table:
        table.drop_constraint(op.f("ck_answers_sensitive_sealed"), type_="check")
        table.create_check_constraint("sensitive_sealed", condition)


def upgrade() -> None:
    _replace(_NEW)


def downgrade() -> None:
    _replace(_OLD)
