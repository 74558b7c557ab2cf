"""The 公示 a level posts, for the levels whose notice asks for one: the text (the candidates,
the period counted in working days from a start date the clerk chooses, the phone and unit to
send objections to), and the start date and phone as the office saved them
(`publicity_notices`), so the notice reads the same each time and says who set it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.base import utcnow
from bot.db.chain import PublicityNotice
from bot.db.store.journal import append_event
from bot.services.chain.workdays import Calendar
from bot.services.review import ActionRefused
from bot.services.staff import Staff
from eligibility.explain import format_date
from eligibility.model import ChainLevel, Programme, Publicity


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


PHONE = re.compile(r"^[0-9\-\s()（）、，,/+转]{5,40}$")
MAX_DAYS_AWAY = 366


@dataclass(frozen=True)
class Saved:
    """A 公示 as the office saved it, or the draft the page offers before it is saved."""

    start: dt.date
    phone: str
    issued: dt.date
    saved_by: str = ""
    saved_at: dt.datetime | None = None


async def saved(session: AsyncSession, programme: Programme, level: ChainLevel,
                office: str) -> PublicityNotice | None:
    return await session.scalar(select(PublicityNotice).where(
        PublicityNotice.programme == programme.id, PublicityNotice.level == level.id,
        PublicityNotice.office == office))


async def office_phone(session: AsyncSession, office: str) -> str:
    """The phone the office gave on its latest 公示 of any programme (an office takes
    objections on one number), or nothing."""
    found = await session.scalar(select(PublicityNotice.phone).where(
        PublicityNotice.office == office).order_by(PublicityNotice.saved_at.desc()).limit(1))
    return found or ""


def checked(start: str, phone: str, today: dt.date) -> tuple[dt.date, str]:
    """The clerk's start date and phone, or `ActionRefused` saying what to fix."""
    try:
        day = dt.date.fromisoformat(start.strip())
    except ValueError:
        raise ActionRefused("请选择公示开始日期。") from None
    if abs((day - today).days) > MAX_DAYS_AWAY:
        raise ActionRefused("公示开始日期请选在今天前后一年之内。")
    phone = phone.strip()
    if not PHONE.match(phone) or sum(ch.isdigit() for ch in phone) < 7:
        raise ActionRefused("请填写受理异议的联系电话（如 0379-12345678），不超过40个字符。")
    return day, phone


async def save(session: AsyncSession, staff: Staff, programme: Programme, level: ChainLevel,
               office: str, start: dt.date, phone: str, issued: dt.date) -> None:
    """Store (or replace) the office's 公示 for the programme at this level, with an event."""
    if level.publicity is None:
        raise ActionRefused(f"通知未要求{level.name}公示。")
    row = await saved(session, programme, level, office)
    if row is None:
        row = PublicityNotice(programme=programme.id, level=level.id, office=office)
        session.add(row)
    row.start, row.phone, row.issued = start, phone, issued
    row.saved_by, row.saved_at = staff.display_name[:80], utcnow()
    await append_event(session, "chain.publicity", {
        "programme": programme.id, "level": level.id, "office": office,
        "start": start.isoformat(), "phone": phone}, actor=staff.actor)
