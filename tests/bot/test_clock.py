"""AWARDBOT_TODAY / --today: the whole system on a chosen day, with a banner on every page."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.app import create_app
from bot.clock import CHINA_TIME, SystemClock, real_today
from bot.config import Settings
from bot.runtime import CLOCK, CONVERSATION

ROUND_OPEN = dt.date(2021, 12, 1)
"""洛阳's 2021 round: the county sends the packets on by 2021-12-09."""


def test_a_chosen_day_moves_now_by_whole_days_and_keeps_the_time_of_day() -> None:
    clock = SystemClock(ROUND_OPEN)
    assert clock() == clock.today() == ROUND_OPEN
    moment, real = clock.now(), dt.datetime.now(dt.UTC)
    assert moment.tzinfo is not None
    assert moment.astimezone(CHINA_TIME).date() == ROUND_OPEN
    shift = real - moment
    assert abs(shift - dt.timedelta(days=round(shift / dt.timedelta(days=1)))) < \
        dt.timedelta(seconds=5)


def test_without_a_chosen_day_the_clock_is_the_real_beijing_date_and_shows_no_banner() -> None:
    clock = SystemClock()
    assert clock.today() == real_today()
    assert abs(clock.now() - dt.datetime.now(dt.UTC)) < dt.timedelta(seconds=5)
    assert clock.banner() is None
    chosen = SystemClock(ROUND_OPEN)
    assert "2021年12月1日" in (chosen.banner() or "")
    assert "1 December 2021" in (chosen.banner("en") or "")


def test_settings_read_awardbot_today(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWARDBOT_TODAY", "2021-12-01")
    assert Settings(data_dir=tmp_path).today == ROUND_OPEN
    monkeypatch.setenv("AWARDBOT_TODAY", "2021-13-45")
    with pytest.raises(ValueError, match="today"):
        Settings(data_dir=tmp_path)


async def test_every_page_shows_the_banner_and_the_conversation_runs_on_that_day(
        tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, secret_key="test secret for the clock tests",
                        database_url=f"sqlite+aiosqlite:///{tmp_path / 'awardbot.db'}",
                        today=ROUND_OPEN)
    app = create_app(settings)
    assert app[CLOCK].today() == ROUND_OPEN
    client = TestClient(TestServer(app))
    await client.start_server()
    try:
        for path in ("/", "/staff/login"):
            body = await (await client.get(path)).text()
            assert "演示模式：系统日期设为2021年12月1日" in body, path
        assert app[CONVERSATION].clock() == ROUND_OPEN
    finally:
        await client.close()


def test_today_option_on_the_commands(tmp_path: Path) -> None:
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps({"province": "河南省", "city": "洛阳市"}), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "AWARDBOT_TODAY"}
    done = subprocess.run([sys.executable, "-m", "bot.cli", "screen", str(profile),
                           "--today", "2021-12-01"], capture_output=True, text=True,
                          timeout=60, check=False, env=env)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["on"] == "2021-12-01"
    luoyang = next(r for r in data["results"]
                   if r["programme"] == "luoyang-skill-entrepreneur-star")
    assert luoyang["window"]["status"] == "open"
    listing = subprocess.run([sys.executable, "-m", "bot.cli", "programmes", "list"],
                             capture_output=True, text=True, timeout=60, check=False,
                             env={**env, "AWARDBOT_TODAY": "2021-12-01"})
    assert listing.returncode == 0, listing.stderr
    line = next(row for row in listing.stdout.splitlines()
                if row.startswith("luoyang-skill-entrepreneur-star"))
    assert "受理中" in line
    bad = subprocess.run([sys.executable, "-m", "bot.cli", "screen", str(profile),
                          "--today", "今天"], capture_output=True, text=True, timeout=60,
                         check=False, env=env)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
