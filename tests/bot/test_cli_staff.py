"""`awardbot staff add` run as an administrator runs it, and the demo account of `make run`."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.app import create_app
from bot.commands import staff as staff_command
from bot.config import Settings
from bot.db.session import create_engine, create_sessionmaker
from bot.services import staff
from tests.handlers.web.staff.conftest import login


def awardbot(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "AWARDBOT_DATA_DIR": str(data_dir)}
    env.pop("AWARDBOT_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "bot.cli", "staff", "add", *args],
                          capture_output=True, text=True, timeout=60, check=False, env=env)


async def test_staff_add_prints_a_one_time_password_that_logs_in(tmp_path: Path) -> None:
    done = awardbot(tmp_path, "--office", "河南省/洛阳市/洛龙区", "--role", "office",
                    "--username", "wang", "--name", "王经办")
    assert done.returncode == 0, done.stderr
    password = re.findall(r"一次性密码：(\S+)", done.stdout)[0]
    again = awardbot(tmp_path, "--office", "河南省/洛阳市/洛龙区", "--role", "office",
                     "--username", "wang")
    assert again.returncode == 2 and "已存在" in again.stdout
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'awardbot.db'}")
    try:
        result = await staff.authenticate(create_sessionmaker(engine), "wang", password,
                                          "127.0.0.1")
    finally:
        await engine.dispose()
    assert result.staff is not None and result.staff.display_name == "王经办"


def test_staff_add_refuses_an_unknown_role(tmp_path: Path) -> None:
    done = awardbot(tmp_path, "--office", "x", "--role", "boss", "--username", "wang")
    assert done.returncode == 2
    assert "invalid choice" in done.stderr


async def test_the_demo_account_is_printed_at_start_and_logs_in(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = Settings(data_dir=tmp_path, secret_key="test secret for the demo account",
                        database_url=f"sqlite+aiosqlite:///{tmp_path / 'awardbot.db'}")
    app = create_app(settings)
    app.on_startup.append(staff_command.demo_account)
    client = TestClient(TestServer(app))
    await client.start_server()
    try:
        printed = capsys.readouterr().out
        password = re.findall(r"用户名 demo  密码 (\S+)", printed)[0]
        assert "/staff/" in printed
        assert (await login(client, "demo", password)).status == 303
    finally:
        await client.close()


def test_staff_allocate_records_an_allocation_and_refuses_an_unknown_programme(
        tmp_path: Path) -> None:
    env = {**os.environ, "AWARDBOT_DATA_DIR": str(tmp_path)}
    env.pop("AWARDBOT_DATABASE_URL", None)

    def allocate(programme: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "bot.cli", "staff", "allocate",
                               "--office", "吉林省/长春市/朝阳区", "--programme", programme,
                               "--count", "4"], capture_output=True, text=True, timeout=60,
                              check=False, env=env)

    assert allocate("jilin-employment-individual").returncode == 0
    unknown = allocate("no-such-programme")
    assert unknown.returncode == 2 and "未知的项目" in unknown.stdout
