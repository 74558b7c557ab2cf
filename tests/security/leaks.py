"""Where a typed number could have landed: every table's rows, every file under the data
directory but the database's own, and captured log lines."""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.base import Base

DATABASE_FILES = (".db", ".db-wal", ".db-shm", ".db-journal")


def forms_of(number: str) -> set[str]:
    """The number as typed and compacted, in both cases of a final X."""
    compact = "".join(c for c in number if c.isalnum())
    return {number, compact, compact.lower(), compact.upper()}


async def table_text(sessions: async_sessionmaker[AsyncSession]) -> str:
    """Every row of every table, as text (JSON columns included)."""
    out = []
    async with sessions() as session:
        for table in Base.metadata.sorted_tables:
            rows = (await session.execute(text(f'SELECT * FROM "{table.name}"'))).all()
            out.extend(f"{table.name}: {tuple(row)!r}" for row in rows)
    return "\n".join(out)


def file_bytes(data_dir: Path) -> bytes:
    """Everything written under the data directory outside the database files."""
    return b"\n".join(path.read_bytes() for path in sorted(data_dir.rglob("*"))
                      if path.is_file() and not path.name.endswith(DATABASE_FILES))


class Captured(logging.Handler):
    """Every log record of the process, formatted with its arguments."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def leaked(number: str, *places: str | bytes) -> list[str]:
    """The places (by index) where any form of `number` appears."""
    found = []
    for index, place in enumerate(places):
        haystack = place.decode("utf-8", "replace") if isinstance(place, bytes) else place
        if any(form in haystack for form in forms_of(number)):
            found.append(f"place {index}")
    return found
