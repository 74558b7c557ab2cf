"""The one-hop SQLite connection behaves like aiosqlite's for everything SQLAlchemy asks."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from bot.db.session import create_engine
from bot.db.sqlite_driver import OneHopConnection

ROWS = Table("rows", MetaData(), Column("id", Integer, primary_key=True),
             Column("name", String, unique=True))


async def test_ids_counts_returning_and_errors_come_back_from_one_hop(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'one-hop.db'}")
    try:
        async with engine.begin() as connection:
            raw = await connection.get_raw_connection()
            assert isinstance(raw.driver_connection, OneHopConnection)
            await connection.run_sync(ROWS.metadata.create_all)
            first = await connection.execute(insert(ROWS).values(name="a"))
            assert first.inserted_primary_key == (1,)
            many = await connection.execute(insert(ROWS), [{"name": "b"}, {"name": "c"}])
            assert many.rowcount == 2
            changed = await connection.execute(update(ROWS).where(ROWS.c.id > 1)
                                               .values(name=ROWS.c.name + "!"))
            assert changed.rowcount == 2
            returned = await connection.execute(insert(ROWS).values(name="d")
                                                .returning(ROWS.c.id))
            assert returned.scalar_one() == 4
            assert (await connection.execute(text("PRAGMA journal_mode"))).scalar() == "wal"
        async with engine.connect() as connection:
            with pytest.raises(IntegrityError):
                await connection.execute(insert(ROWS).values(name="a"))
            await connection.rollback()
            names = (await connection.scalars(select(ROWS.c.name).order_by(ROWS.c.id))).all()
        assert names == ["a", "b!", "c!", "d"]
    finally:
        await engine.dispose()
