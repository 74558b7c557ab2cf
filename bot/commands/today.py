"""`--today YYYY-MM-DD` on the commands: the same as setting `AWARDBOT_TODAY`.

The option is written into the environment before the settings are read, so every part of the
command (and every worker process `serve --workers` starts) runs on that day.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os

from bot.clock import SystemClock, real_today
from bot.config import get_settings

ENV = "AWARDBOT_TODAY"


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def add_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--today", type=_date, default=None, metavar="YYYY-MM-DD",
                        help="run as if today were this date (also AWARDBOT_TODAY); every "
                             "page then shows a banner saying so")


def apply(args: argparse.Namespace) -> None:
    """Make `--today` the process's (and its children's) AWARDBOT_TODAY."""
    chosen = getattr(args, "today", None)
    if chosen is not None:
        os.environ[ENV] = chosen.isoformat()
        get_settings.cache_clear()


def system_clock() -> SystemClock:
    """The clock the settings ask for (the chosen day, or the real date)."""
    return SystemClock(get_settings().today)


def today() -> dt.date:
    """The day a command runs on."""
    return get_settings().today or real_today()
