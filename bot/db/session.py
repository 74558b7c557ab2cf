"""The async engine and session factory, tuned per backend.

SQLite (the laptop default) gets WAL journaling, so readers never block the single writer,
foreign keys switched on (SQLite ignores them otherwise), and a busy timeout so a writer waits
for another one instead of failing at once. Its directory is created on first use. PostgreSQL
goes through asyncpg.

Transactions on SQLite keep the driver's default: a transaction starts at the first write, so
a read-then-write turn never fails on a stale snapshot; concurrent turns are told apart by the
dialog version column instead (see `bot.db.store.dialog`).
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
import weakref
from contextlib import AbstractAsyncContextManager, nullcontext
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.ext.asyncio import create_async_engine as _create_async_engine

from bot.db.base import dump_json, load_json
from bot.db.sqlite_driver import connector

SQLITE_BUSY_TIMEOUT_MS = 15_000
SQLITE_POOL_SIZE = 40
"""Connections kept open on SQLite. Each is a thread and costs ~5 ms to open (the thread, four
PRAGMAs); with SQLAlchemy's default of 5 kept and 10 more opened and closed per use, fifty
phones reading their page at once opened and closed connections all the time (web round trip
p50 at 50 applicants: 190 ms with the default, 150 ms with 40)."""
_WRITE_SLOTS: weakref.WeakKeyDictionary[Engine, asyncio.Lock] = weakref.WeakKeyDictionary()
_ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg",
                  "postgres": "postgresql+asyncpg"}


def async_url(database_url: str | URL) -> URL:
    """The URL with its async driver: plain `sqlite://` and `postgresql://` URLs are accepted."""
    url = make_url(database_url)
    if url.drivername in _ASYNC_DRIVERS:
        url = url.set(drivername=_ASYNC_DRIVERS[url.drivername])
    if url.drivername not in ("sqlite+aiosqlite", "postgresql+asyncpg"):
        raise ValueError(f"unsupported database driver {url.drivername!r}: use sqlite+aiosqlite "
                         "or postgresql+asyncpg")
    return url


def sqlite_path(url: URL) -> Path | None:
    """The database file of a SQLite URL, or None for an in-memory database."""
    database = url.database or ""
    if url.get_backend_name() != "sqlite" or database in ("", ":memory:") or \
            database.startswith("file:"):
        return None
    return Path(database)


def _use_wal(cursor: Any) -> None:
    """Switch a fresh database file to WAL. Several processes opening a new file at once race
    for the exclusive lock this needs, and SQLite answers "database is locked" without waiting
    on the busy handler, so the switch is retried briefly (this runs in the driver's thread)."""
    for attempt in range(50):
        cursor.execute("PRAGMA journal_mode")
        if str(cursor.fetchone()[0]).lower() == "wal":
            return
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or attempt == 49:
                raise
            time.sleep(0.01 * (attempt + 1))


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        _use_wal(cursor)
        # In WAL mode NORMAL still survives a killed process (the log is in the OS cache); only
        # a power cut can lose the last commits, and it saves an fsync on every turn.
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def create_engine(database_url: str | URL, **kwargs: Any) -> AsyncEngine:
    """An async engine for `database_url`; the caller disposes of it (`await engine.dispose()`).

    Statement parameters are left out of error messages and SQL echo (`hide_parameters`): they
    are applicants' answers, and exceptions end up in logs. JSON columns go through orjson
    (`bot.db.base.dump_json`). Extra keyword arguments go to
    SQLAlchemy's `create_async_engine`.
    """
    url = async_url(database_url)
    kwargs.setdefault("hide_parameters", True)
    kwargs.setdefault("json_serializer", dump_json)
    kwargs.setdefault("json_deserializer", load_json)
    if url.get_backend_name() == "sqlite":
        path = sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        if path is not None:
            kwargs.setdefault("async_creator", connector(str(path), check_same_thread=False))
            kwargs.setdefault("pool_size", SQLITE_POOL_SIZE)
        engine = _create_async_engine(url, **kwargs)
        event.listen(engine.sync_engine, "connect", _on_sqlite_connect)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return _create_async_engine(url, **kwargs)


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions for one transaction each: `async with sessions.begin() as session: ...`.

    Objects stay readable after commit (`expire_on_commit=False`): in async code a reload on
    attribute access would need an await the caller cannot write.
    """
    return async_sessionmaker(engine, expire_on_commit=False)


def write_slot(sessions: async_sessionmaker[AsyncSession]) -> AbstractAsyncContextManager[Any]:
    """Hold this around a write transaction: on SQLite, every writer of the process queues here.

    SQLite allows one writer at a time, and a writer that finds the database locked sleeps in
    SQLite's busy handler in coarse steps (1, 2, 5, 10, 15 ... ms) while the lock may already
    be free; queueing in the event loop instead hands the lock over at once. One lock per
    engine (several processes on one SQLite file are refused anyway). PostgreSQL has row locks
    and needs no queue.
    """
    bind = sessions.kw.get("bind")
    if bind is None or bind.dialect.name != "sqlite":
        return nullcontext()
    slot = _WRITE_SLOTS.get(bind.sync_engine)
    if slot is None:
        slot = _WRITE_SLOTS[bind.sync_engine] = asyncio.Lock()
    return slot
