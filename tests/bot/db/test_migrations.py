"""The shipped migrations build exactly the schema the models describe, on every backend."""

from __future__ import annotations

import asyncio

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import CheckConstraint, Connection, inspect, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.base import utcnow
from bot.db.channels import TelegramInbox
from bot.db.migrate import downgrade, head_revision, upgrade
from bot.db.models import Base
from bot.db.session import create_engine


def _differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


def _check_constraints(connection: Connection) -> set[tuple[str, str]]:
    inspector = inspect(connection)
    return {(table, check["name"]) for table in inspector.get_table_names()
            if table != "alembic_version"
            for check in inspector.get_check_constraints(table)}


def _model_check_constraints() -> set[tuple[str, str]]:
    return {(table.name, str(constraint.name)) for table in Base.metadata.sorted_tables
            for constraint in table.constraints if isinstance(constraint, CheckConstraint)}


async def _inspect(database_url: str) -> tuple[list[object], set[tuple[str, str]], str | None]:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            differences = await connection.run_sync(_differences)
            checks = await connection.run_sync(_check_constraints)
            version = (await connection.exec_driver_sql(
                "SELECT version_num FROM alembic_version")).scalar_one_or_none()
    finally:
        await engine.dispose()
    return differences, checks, version


async def test_migrations_apply_on_an_empty_database_and_match_the_models(
        database_url: str) -> None:
    await upgrade(database_url)
    differences, checks, version = await _inspect(database_url)
    assert differences == []
    assert checks == _model_check_constraints()
    assert version == head_revision()


async def test_upgrading_twice_at_once_is_safe(database_url: str) -> None:
    await asyncio.gather(upgrade(database_url), upgrade(database_url), upgrade(database_url))
    differences, _, version = await _inspect(database_url)
    assert differences == []
    assert version == head_revision()


async def test_downgrade_to_base_removes_every_table_and_upgrade_restores_them(
        database_url: str) -> None:
    await upgrade(database_url)
    await downgrade(database_url, "base")
    engine: AsyncEngine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            tables = await connection.run_sync(lambda c: inspect(c).get_table_names())
    finally:
        await engine.dispose()
    assert set(tables) <= {"alembic_version"}
    await upgrade(database_url)
    differences, _, _ = await _inspect(database_url)
    assert differences == []


async def test_upgrading_empties_the_payloads_of_finished_telegram_updates(
        database_url: str) -> None:
    await upgrade(database_url, "0007")
    engine = create_engine(database_url)
    rows = [(1, "done"), (2, "failed"), (3, "received")]
    try:
        async with engine.begin() as connection:
            for update_id, status in rows:
                await connection.execute(TelegramInbox.__table__.insert().values(
                    update_id=update_id, payload={"message": {"text": "410311199005011239"}},
                    status=status, attempts=1, received_at=utcnow()))
        await upgrade(database_url)
        async with engine.connect() as connection:
            kept = dict((await connection.execute(
                select(TelegramInbox.update_id, TelegramInbox.payload))).all())
    finally:
        await engine.dispose()
    assert kept == {1: {}, 2: {}, 3: {"message": {"text": "410311199005011239"}}}
