"""Shared fixtures: a database per test on every backend available.

SQLite always (a file in the test's tmp_path). PostgreSQL too when AWARDBOT_TEST_POSTGRES_URL
points at a server (e.g. postgresql+asyncpg://postgres@127.0.0.1:5432/postgres): one throwaway
database with a random name is created for the test session and dropped at its end, and its
schema is emptied before each test, so every test starts from nothing on both backends.

`database_url` is an empty database; `engine` and `sessions` come migrated to head.
"""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.pool import NullPool

from bot.crypto import Vault
from bot.db.migrate import upgrade
from bot.db.session import async_url, create_engine, create_sessionmaker
from tests.file_stores import (  # noqa: F401 (fixtures offered to every test)
    file_store,
    moto_client,
    moto_endpoint,
    storage_backend,
    storage_settings,
)

POSTGRES_ENV = "AWARDBOT_TEST_POSTGRES_URL"
os.environ.setdefault("AWARDBOT_RATE_LIMIT_FACTOR", "1000")
"""The walks send a whole application in seconds, far faster than a person types, so the rate
limits are scaled up for the suite; tests/security/ runs with the shipped limits (factor 1)."""
BACKENDS = ["sqlite", "postgresql"] if os.environ.get(POSTGRES_ENV) else ["sqlite"]


def _run_in_own_loop(action: Callable[[], Awaitable[None]]) -> None:
    """Run setup work from a synchronous fixture, on a private loop in a private thread, so it
    never meets the event loops pytest-asyncio manages for the tests."""
    async def main() -> None:
        await action()

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, main()).result()


async def _execute(url: URL, *statements: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            for statement in statements:
                await connection.exec_driver_sql(statement)
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[URL]:
    """A throwaway PostgreSQL database for this test session (skips without a server)."""
    server = os.environ.get(POSTGRES_ENV)
    if not server:
        pytest.skip(f"{POSTGRES_ENV} is not set")
    admin = async_url(server)
    name = f"awardbot_test_{secrets.token_hex(6)}"
    _run_in_own_loop(lambda: _execute(admin, f'CREATE DATABASE "{name}"'))
    try:
        yield admin.set(database=name)
    finally:
        _run_in_own_loop(lambda: _execute(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty database, once per available backend."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'awardbot.db'}"
    url: URL = request.getfixturevalue("postgres_database")
    _run_in_own_loop(lambda: _execute(url, "DROP SCHEMA public CASCADE", "CREATE SCHEMA public"))
    return url.render_as_string(hide_password=False)


@pytest.fixture
def backend(database_url: str) -> str:
    """"sqlite" or "postgresql", for the few assertions that differ."""
    return make_url(database_url).get_backend_name()


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine on the database migrated to head, disposed of after the test."""
    await upgrade(database_url)
    engine = create_engine(database_url)
    try:
        yield engine
    finally:
        await engine.dispose()


@pytest.fixture
def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Session factory on the migrated database: `async with sessions.begin() as s: ...`."""
    return create_sessionmaker(engine)


@pytest.fixture
def vault() -> Vault:
    """A vault with a fixed test secret."""
    return Vault.from_secret(b"test secret, not for production use")
