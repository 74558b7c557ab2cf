"""Engine setup: the SQLite defaults that keep a laptop install safe, and URL handling."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from bot.db.session import async_url, create_engine


async def test_sqlite_engine_creates_its_directory_and_uses_wal_and_foreign_keys(
        tmp_path: Path) -> None:
    path = tmp_path / "nested" / "dir" / "awardbot.db"
    engine = create_engine(f"sqlite:///{path}")
    try:
        async with engine.connect() as connection:
            journal = (await connection.exec_driver_sql("PRAGMA journal_mode")).scalar()
            foreign_keys = (await connection.exec_driver_sql("PRAGMA foreign_keys")).scalar()
            timeout = (await connection.exec_driver_sql("PRAGMA busy_timeout")).scalar()
    finally:
        await engine.dispose()
    assert path.parent.is_dir()
    assert journal == "wal"
    assert foreign_keys == 1
    assert timeout is not None and timeout >= 5000


@pytest.mark.parametrize(("given", "expected"), [
    ("sqlite:///var/awardbot.db", "sqlite+aiosqlite:///var/awardbot.db"),
    ("postgresql://u:p@db/awardbot", "postgresql+asyncpg://u:p@db/awardbot"),
    ("postgres://u@db/awardbot", "postgresql+asyncpg://u@db/awardbot"),
    ("postgresql+asyncpg://u@db/awardbot", "postgresql+asyncpg://u@db/awardbot"),
])
def test_plain_urls_get_their_async_driver(given: str, expected: str) -> None:
    assert async_url(given).render_as_string(hide_password=False) == expected


def test_an_unsupported_driver_is_refused_with_a_clear_message() -> None:
    with pytest.raises(ValueError, match="unsupported database driver 'mysql'"):
        async_url("mysql://u@db/awardbot")


async def test_database_errors_do_not_carry_the_values_of_the_statement(
        tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    try:
        async with engine.connect() as connection:
            await connection.exec_driver_sql("CREATE TABLE t (v TEXT CHECK (v = 'ok'))")
            with pytest.raises(IntegrityError) as caught:
                await connection.execute(text("INSERT INTO t VALUES (:v)"),
                                         {"v": "11010519491231002X"})
    finally:
        await engine.dispose()
    assert "11010519491231002X" not in str(caught.value)
