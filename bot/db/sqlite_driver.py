"""aiosqlite with one thread hop per statement, for SQLAlchemy's aiosqlite dialect.

aiosqlite runs each sqlite3 call in its own thread and SQLAlchemy's adapter makes four calls
per statement (open a cursor, execute, fetch, close), so every statement costs four hand-overs
between the event loop and that thread. On SQLite those hops are most of a conversation turn,
and they happen while the turn holds the process's writer slot. Here a cursor does all four in
one hop: it executes, fetches every row and closes the sqlite3 cursor in the thread, then
answers `description`, `rowcount`, `lastrowid` and the fetches from what it brought back.
Results are therefore never streamed (awardbot has no server-side cursors on SQLite). Commit
and rollback skip the hop when sqlite3 has no transaction open.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

import aiosqlite

Rows = list[Any]


def _run(connection: sqlite3.Connection, sql: str, parameters: Any,
         many: bool) -> tuple[Any, int, int | None, Rows]:
    cursor = connection.cursor()
    try:
        if many:
            cursor.executemany(sql, parameters)
        elif parameters is None:
            cursor.execute(sql)
        else:
            cursor.execute(sql, parameters)
        rows = cursor.fetchall() if cursor.description else []
        return cursor.description, cursor.rowcount, cursor.lastrowid, rows
    finally:
        cursor.close()


class OneHopCursor:
    """The part of aiosqlite's cursor SQLAlchemy uses, one thread hop per statement."""

    def __init__(self, connection: OneHopConnection) -> None:
        self._connection = connection
        self.description: Any = None
        self.rowcount = -1
        self.lastrowid: int | None = None
        self.arraysize = 1
        self._rows: Rows = []

    async def __aenter__(self) -> OneHopCursor:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def execute(self, sql: str, parameters: Any = None) -> OneHopCursor:
        await self._hop(sql, parameters, many=False)
        return self

    async def executemany(self, sql: str, parameters: Iterable[Any]) -> OneHopCursor:
        await self._hop(sql, list(parameters), many=True)
        return self

    async def _hop(self, sql: str, parameters: Any, *, many: bool) -> None:
        self.description, self.rowcount, self.lastrowid, self._rows = \
            await self._connection.run(_run, sql, parameters, many)

    async def fetchone(self) -> Any:
        return self._rows.pop(0) if self._rows else None

    async def fetchmany(self, size: int | None = None) -> Sequence[Any]:
        count = self.arraysize if size is None else size
        taken, self._rows = self._rows[:count], self._rows[count:]
        return taken

    async def fetchall(self) -> Sequence[Any]:
        taken, self._rows = self._rows, []
        return taken

    async def close(self) -> None:
        self._rows = []


class OneHopConnection(aiosqlite.Connection):
    """An aiosqlite connection whose cursors are `OneHopCursor`s."""

    def cursor(self) -> OneHopCursor:  # type: ignore[override]
        return OneHopCursor(self)

    async def commit(self) -> None:
        """Commit, without a hop when no transaction is open (a plain read never opened one)."""
        if self._conn.in_transaction:
            await super().commit()

    async def rollback(self) -> None:
        """Roll back, without a hop when no transaction is open: SQLAlchemy rolls back every
        connection it takes back into the pool, which after a read or a commit did nothing
        but cost a round trip to the thread."""
        if self._conn.in_transaction:
            await super().rollback()

    async def run(self, function: Any, *args: Any) -> Any:
        """Run `function(sqlite3_connection, *args)` in the connection's thread."""
        return await self._execute(function, self._conn, *args)


def connector(path: str, **options: Any) -> Any:
    """An `async_creator` for `create_async_engine`: a connection to the file at `path`."""

    async def connect() -> OneHopConnection:
        connection = OneHopConnection(lambda: sqlite3.connect(path, **options), 64)
        connection._thread.daemon = True
        return await connection

    return connect
