"""Schema migrations, driven from code: no alembic.ini, so they work from an installed package.

`upgrade` is what `awardbot db upgrade` and `awardbot serve` call. It is safe to call from
several processes at once: on PostgreSQL an advisory lock, on SQLite an immediate (write-locked)
transaction makes the second caller wait and then find nothing left to do. The upgrade runs in
one transaction on both backends, so a failed migration leaves the schema as it was.

For developers: `revision(url, "add documents")` autogenerates the next numbered migration by
comparing the models with a database migrated to head.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.db.session import create_engine

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_PG_LOCK_KEY = 0x61776172_64626F74  # "awardbot": the advisory lock serialising migrations


def alembic_config() -> Config:
    """An alembic configuration pointing at the migrations shipped in this package."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


async def _run_exclusively(database_url: str, action: Callable[[Config], None]) -> None:
    """Run an alembic command on one connection, in one transaction, one process at a time."""
    config = alembic_config()
    engine = create_engine(database_url)

    def run(connection: Connection) -> None:
        config.attributes["connection"] = connection
        action(config)

    try:
        async with engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                await _run_sqlite(connection, run)
            else:
                async with connection.begin():
                    await connection.exec_driver_sql(
                        f"SELECT pg_advisory_xact_lock({_PG_LOCK_KEY})")
                    await connection.run_sync(run)
    finally:
        await engine.dispose()


async def _run_sqlite(connection: AsyncConnection, run: Callable[[Connection], None]) -> None:
    """SQLite's driver would commit around DDL on its own; take control of the transaction.

    BEGIN IMMEDIATE takes the write lock up front, so a concurrent upgrade waits (busy timeout)
    rather than creating the same tables at the same time. If `run` fails, closing the
    connection rolls the transaction back.
    """
    raw = await connection.execution_options(isolation_level="AUTOCOMMIT")
    await raw.exec_driver_sql("BEGIN IMMEDIATE")
    await raw.run_sync(run)
    await raw.exec_driver_sql("COMMIT")


async def upgrade(database_url: str, revision: str = "head") -> None:
    """Migrate the database at `database_url` to `revision` (default: the newest)."""
    await _run_exclusively(database_url, lambda config: command.upgrade(config, revision))


async def downgrade(database_url: str, revision: str) -> None:
    """Migrate the database back to `revision` ("base" empties it)."""
    await _run_exclusively(database_url, lambda config: command.downgrade(config, revision))


def head_revision() -> str:
    """The newest migration shipped with this version of awardbot."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError(f"no migrations found in {MIGRATIONS_DIR}")
    return head


async def revision(database_url: str, message: str) -> None:
    """Autogenerate the next migration (numbered 0002, 0003, ...) against an up-to-date database.

    Review the generated file before committing it: autogenerate misses renames and CHECK
    constraint changes.
    """
    rev_id = f"{int(head_revision()) + 1:04d}"
    await _run_exclusively(database_url, lambda config: command.revision(
        config, message=message, autogenerate=True, rev_id=rev_id))
