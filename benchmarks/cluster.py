"""Several `awardbot serve` workers on one database and data directory, and a throwaway
PostgreSQL database for them: shared by the throughput benchmark and the soak suite.

Until `awardbot serve --workers N` exists, each worker is its own `awardbot serve` process on
its own port and the clients spread their load over `Cluster.bases`. With `--workers N` the
change is in `Cluster.commands` (one command with `--workers N`) and `Cluster.bases` (one
address, SO_REUSEPORT spreading the connections); killing "a worker" then means killing one
child process of that command.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from bot.db.session import async_url, create_engine

POSTGRES_SERVER = os.environ.get("AWARDBOT_BENCH_POSTGRES_URL",
                                 "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
SECRET_KEY = "benchmark and soak secret key"


class PostgresUnavailable(RuntimeError):
    """The PostgreSQL server did not answer; the message says why (printed, rows skipped)."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _execute(admin: URL, statement: str) -> None:
    engine = create_engine(admin, isolation_level="AUTOCOMMIT", poolclass=NullPool,
                           connect_args={"timeout": 5})
    try:
        async with engine.connect() as connection:
            await connection.exec_driver_sql(statement)
    finally:
        await engine.dispose()


@contextlib.asynccontextmanager
async def throwaway_postgres(prefix: str, server: str = POSTGRES_SERVER) -> AsyncIterator[str]:
    """A fresh database on `server` for the length of the block, dropped afterwards."""
    admin = async_url(server)
    name = f"{prefix}_{secrets.token_hex(5)}"
    try:
        await _execute(admin, f'CREATE DATABASE "{name}"')
    except (OSError, TimeoutError, SQLAlchemyError) as error:
        raise PostgresUnavailable(f"PostgreSQL at {admin.host}:{admin.port} did not answer "
                                  f"({type(error).__name__})") from error
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        await _execute(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def sqlite_url(data_dir: Path) -> str:
    return f"sqlite+aiosqlite:///{data_dir / 'awardbot.db'}"


@dataclass
class Cluster:
    """`workers` serve processes sharing `database_url` and `data_dir`; `env` adds settings."""

    workers: int
    database_url: str
    data_dir: Path
    env: dict[str, str] = field(default_factory=dict)
    ports: list[int] = field(default_factory=list)
    processes: dict[int, subprocess.Popen[bytes]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.ports = [free_port() for _ in range(self.workers)]
        (self.data_dir / "logs").mkdir(parents=True, exist_ok=True)

    @property
    def bases(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.ports]

    def commands(self) -> list[list[str]]:
        return [[sys.executable, "-m", "bot.cli", "serve", "--port", str(port)]
                for port in self.ports]

    def _environment(self) -> dict[str, str]:
        return {**os.environ, "AWARDBOT_DATA_DIR": str(self.data_dir),
                "AWARDBOT_DATABASE_URL": self.database_url, "AWARDBOT_SECRET_KEY": SECRET_KEY,
                "AWARDBOT_LOG_LEVEL": "WARNING", **self.env}

    def start(self, index: int) -> None:
        """Start worker `index`; its stderr is appended to `<data_dir>/logs/worker-N.log`."""
        log = (self.data_dir / "logs" / f"worker-{index}.log").open("ab")
        self.processes[index] = subprocess.Popen(
            self.commands()[index], env=self._environment(), stdout=subprocess.DEVNULL,
            stderr=log)
        log.close()

    def kill(self, index: int) -> None:
        """SIGKILL, as the kernel's OOM killer or a pulled plug would: no cleanup at all."""
        process = self.processes.pop(index)
        process.send_signal(signal.SIGKILL)
        process.wait()

    def alive(self, index: int) -> bool:
        process = self.processes.get(index)
        return process is not None and process.poll() is None

    async def ready(self, index: int, timeout: float = 90.0) -> None:
        """Wait until worker `index` answers /healthz (migrations done, database reachable)."""
        url = f"{self.bases[index]}/healthz"
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        async with aiohttp.ClientSession() as client:
            while loop.time() < deadline:
                if not self.alive(index):
                    raise RuntimeError(f"worker {index} exited; see {self.data_dir}/logs")
                with contextlib.suppress(aiohttp.ClientError):
                    async with client.get(url) as answer:
                        if answer.status == 200:
                            return
                await asyncio.sleep(0.1)
        raise RuntimeError(f"worker {index} did not become ready in {timeout:.0f} s")

    def stop(self) -> None:
        for process in self.processes.values():
            process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes.clear()


@contextlib.asynccontextmanager
async def running(cluster: Cluster) -> AsyncIterator[Cluster]:
    """Every worker started and ready for the block, stopped afterwards."""
    try:
        for index in range(cluster.workers):
            cluster.start(index)
        await asyncio.gather(*(cluster.ready(i) for i in range(cluster.workers)))
        yield cluster
    finally:
        cluster.stop()
