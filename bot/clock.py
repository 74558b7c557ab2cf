"""The date the whole system runs on: today in Beijing, or the day `AWARDBOT_TODAY` names.

Every seed round is over by now, so a demo, a test or a clerk's rehearsal needs the system to
live on a chosen day: screening windows, the submission check, reminders, staff deadlines and
the 公示 dates all follow it. A chosen day moves the whole clock by whole days and keeps the
time of day, so quiet hours (21:00-08:00) and "once a day" still behave as they would on that
day. Retention (deleting old data) keeps the real clock: a demo set in the future must never
purge anything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

CHINA_TIME = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")

DayFunction = Callable[[], dt.date]


def real_today() -> dt.date:
    """Today's date in China (UTC+8 all year, no daylight saving): deadlines are local dates."""
    return dt.datetime.now(CHINA_TIME).date()


class SystemClock:
    """Today and now for one process. Callable: `clock()` is today, as the conversation and
    the handlers have always used it; `now()` is the matching UTC moment for the workers."""

    def __init__(self, chosen: dt.date | None = None, *,
                 day: DayFunction | None = None) -> None:
        self.chosen = chosen
        """The day set with AWARDBOT_TODAY / --today (None: the real date)."""
        self._day = day

    def today(self) -> dt.date:
        if self._day is not None:
            return self._day()
        return self.chosen or real_today()

    __call__ = today

    def now(self) -> dt.datetime:
        """The real moment moved by the days between the real date and `today()`."""
        moment = dt.datetime.now(dt.UTC)
        shift = self.today() - moment.astimezone(CHINA_TIME).date()
        return moment + shift

    def banner(self, locale: str = "zh_CN") -> str | None:
        """What every page shows while a day is chosen, so nobody mistakes a demo for today."""
        if self.chosen is None:
            return None
        day, real = self.chosen, real_today()
        if locale == "en":
            return (f"Demo: the system runs on {day:%d %B %Y} (today is really "
                    f"{real:%d %B %Y}); deadlines and reminders follow that day.")
        return (f"演示模式：系统日期设为{day.year}年{day.month}月{day.day}日"
                f"（实际日期{real.year}年{real.month}月{real.day}日），"
                "截止时间和提醒都按这一天计算。")


def clock_from(day: DayFunction | SystemClock | None, chosen: dt.date | None) -> SystemClock:
    """The process clock: a test's own day function, else the chosen day, else the real one."""
    if isinstance(day, SystemClock):
        return day
    return SystemClock(chosen, day=day)
