"""The 公示 text a level posts, for the levels whose notice asks for one: the candidates, the
period counted in working days from a start date the clerk chooses, where it is posted, and
the phone and unit to send objections to."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.services.chain.workdays import Calendar
from eligibility.explain import format_date
from eligibility.model import Programme, Publicity


@dataclass(frozen=True)
class Period:
    begin: dt.date
    end: dt.date
    warning: str


def period(publicity: Publicity, start: dt.date, calendar: Calendar) -> Period:
    if publicity.working_days:
        begin = calendar.first_working_day(start)
        end = calendar.working_days_after(begin, publicity.days)
    else:
        begin, end = start, start + dt.timedelta(days=publicity.days - 1)
    return Period(begin, end, calendar.warning())


def text(programme: Programme, publicity: Publicity, names: list[str], *, unit: str,
         start: dt.date, issued: dt.date, calendar: Calendar, phone: str) -> str:
    """The notice as the office posts it; `start` is the first day the clerk chose."""
    span = period(publicity, start, calendar)
    unit_of_days = "个工作日" if publicity.working_days else "天"
    people = "\n".join(f"{index}. {name}" for index, name in enumerate(names, start=1))
    lines = [f"关于{programme.name}推荐人选的公示", "",
             f"根据{programme.issuer}有关通知要求，经个人申报、单位审核，{unit}拟推荐以下"
             f"{len(names)}名同志为{programme.name}推荐人选，现予以公示：", "", people, "",
             f"公示时间：{format_date(span.begin)}至{format_date(span.end)}"
             f"（{'不少于' if publicity.at_least else ''}{publicity.days}{unit_of_days}）。",
             "公示期间，如对推荐人选有异议，请以书面形式实名反映，并提供必要的证明材料。"]
    lines.append(f"联系电话：{phone}" if phone else "联系电话：（请填写本单位受理异议的电话）")
    lines += ["", unit, format_date(issued)]
    return "\n".join(lines)
