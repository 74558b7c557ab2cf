"""Alembic environment: migrate on the connection `bot.db.migrate` opened and holds locked.

There is no alembic.ini and no other way in: every alembic command goes through
`bot.db.migrate`, which owns the engine, the transaction and the lock.
"""

from __future__ import annotations

from alembic import context

from bot.db.models import Base  # from the models module, so that every table is registered

connection = context.config.attributes.get("connection")
if connection is None or context.is_offline_mode():
    raise RuntimeError("run migrations through bot.db.migrate (e.g. `awardbot db upgrade`)")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
