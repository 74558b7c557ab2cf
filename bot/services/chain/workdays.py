"""Working days (工作日) by the State Council's holiday arrangement, past the calendar
library's data.

chinese_calendar knows each year's holidays and adjusted working weekends only once the State
Council has published them (usually in the November before); for a later year it raises
NotImplementedError. Here such a year falls back to weekends only, says so
(`Calendar.fallback_years`), and an admin can enter the year's arrangement from the notice
(`holiday_days` rows), which then takes precedence over both.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import chinese_calendar
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.chain import HolidayDay


@dataclass
class Calendar:
    """`entered` maps a day to whether it is a working day, for the years an admin entered."""

    entered: dict[dt.date, bool] = field(default_factory=dict)
    fallback_years: set[int] = field(default_factory=set)

    def is_workday(self, day: dt.date) -> bool:
        if day in self.entered:
            return self.entered[day]
        if day.year in self.entered_years:
            return day.weekday() < 5
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            self.fallback_years.add(day.year)
            return day.weekday() < 5

    @property
    def entered_years(self) -> set[int]:
        return {day.year for day in self.entered}

    def first_working_day(self, day: dt.date) -> dt.date:
        while not self.is_workday(day):
            day += dt.timedelta(days=1)
        return day

    def working_days_after(self, start: dt.date, days: int) -> dt.date:
        """The last day of a period of `days` working days beginning on `start` (or on the
        first working day after it)."""
        day, counted = start, 0
        while True:
            if self.is_workday(day):
                counted += 1
                if counted == days:
                    return day
            day += dt.timedelta(days=1)

    def warning(self) -> str:
        """The sentence the page shows when a period used the weekends-only fallback."""
        return "；".join(f"{year}年节假日安排尚未公布，按周末计算，请核对"
                        for year in sorted(self.fallback_years))


async def load(session: AsyncSession) -> Calendar:
    rows = (await session.execute(select(HolidayDay.day, HolidayDay.workday))).all()
    return Calendar({day: workday for day, workday in rows})


class ArrangementError(ValueError):
    """An arrangement that cannot be read; the message says which line, in Chinese."""


def parse_arrangement(year: int, text: str) -> dict[dt.date, tuple[bool, str]]:
    """Read an arrangement typed from the State Council's notice, one line per holiday:
    `春节 2月11日-2月17日 调休 2月8日、2月20日` (days off, then the adjusted working days).
    A range may end with the day alone (`10月1日-7日`)."""
    out: dict[dt.date, tuple[bool, str]] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        name, _, rest = line.partition(" ")
        off, _, work = rest.replace("上班", "调休").partition("调休")
        try:
            for workday, part in ((False, off), (True, work)):
                for first, last in _ranges(year, part):
                    day = first
                    while day <= last:
                        out[day] = (workday, name)
                        day += dt.timedelta(days=1)
        except ValueError:
            raise ArrangementError(f"第{number}行看不懂：“{line}”。请按“春节 2月11日-2月17日 "
                                   "调休 2月8日、2月20日”的格式填写。") from None
        if not any(not workday and label == name for workday, label in out.values()):
            raise ArrangementError(f"第{number}行没有放假日期：“{line}”。")
    return out


def _ranges(year: int, text: str) -> list[tuple[dt.date, dt.date]]:
    out = []
    for piece in text.replace("，", "、").replace(",", "、").split("、"):
        piece = piece.strip()
        for dash in ("至", "—", "–", "~", "～"):
            piece = piece.replace(dash, "-")
        if not piece:
            continue
        first, _, last = piece.partition("-")
        start = _day(year, first)
        out.append((start, _day(year, last, start.month) if last else start))
    return out


def _day(year: int, text: str, month: int | None = None) -> dt.date:
    """`2月11日`, or `17日` / `17` after a range's first day (the same month)."""
    text = text.strip().rstrip("日号")
    if "月" in text:
        month_text, _, day_text = text.partition("月")
        return dt.date(year, int(month_text), int(day_text))
    if month is None:
        raise ValueError(text)
    return dt.date(year, month, int(text))


async def save_arrangement(session: AsyncSession, year: int,
                           days: dict[dt.date, tuple[bool, str]], actor: str) -> None:
    """Replace the entered arrangement of `year` with `days`."""
    for row in (await session.scalars(select(HolidayDay).where(
            HolidayDay.day >= dt.date(year, 1, 1), HolidayDay.day <= dt.date(year, 12, 31)))):
        await session.delete(row)
    await session.flush()
    for day, (workday, name) in sorted(days.items()):
        session.add(HolidayDay(day=day, workday=workday, name=name[:32], entered_by=actor))
