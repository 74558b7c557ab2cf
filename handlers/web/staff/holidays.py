"""An admin enters a year's holiday arrangement from the State Council's notice, for the years
the calendar library does not know yet; the 公示 periods then count by it."""

from __future__ import annotations

import datetime as dt

from aiohttp import web
from sqlalchemy import select

from bot.db.chain import HolidayDay
from bot.db.store.journal import append_event
from bot.runtime import CONVERSATION, SESSIONS
from bot.services.chain import workdays
from handlers.web.staff.common import HEADERS, SIGNER, current_staff, form_with_csrf, render


def _admin_only(is_admin: bool) -> None:
    if not is_admin:
        raise web.HTTPForbidden(text="只有管理员可以录入节假日安排。", headers=HEADERS)


async def holidays_page(request: web.Request, *, error: str = "", text: str = "",
                        year: int | None = None, status: int = 200) -> web.Response:
    staff, data = await current_staff(request)
    _admin_only(staff.is_admin)
    today: dt.date = request.app[CONVERSATION].clock()
    async with request.app[SESSIONS]() as session:
        rows = list(await session.scalars(select(HolidayDay).order_by(HolidayDay.day)))
    calendar = workdays.Calendar()
    for probe in (today.year, today.year + 1):
        calendar.is_workday(dt.date(probe, 1, 1))
    return render(request, "holidays.html", http_status=status, staff=staff,
                  csrf=request.app[SIGNER].csrf(data.nonce), rows=rows, error=error,
                  text=text, year=year or today.year + 1, missing=sorted(
                      calendar.fallback_years - {row.day.year for row in rows}),
                  done=request.query.get("done", ""))


async def save(request: web.Request) -> web.Response:
    staff, _, form = await form_with_csrf(request)
    _admin_only(staff.is_admin)
    text = str(form.get("arrangement") or "")[:4000]
    year_text = str(form.get("year") or "")
    if not (year_text.isdigit() and 2000 <= int(year_text) <= 2100):
        return await holidays_page(request, error="请填写年份，如 2027。", text=text, status=400)
    year = int(year_text)
    try:
        days = workdays.parse_arrangement(year, text)
    except workdays.ArrangementError as bad:
        return await holidays_page(request, error=str(bad), text=text, year=year, status=400)
    if not days:
        return await holidays_page(request, error="请至少填写一个节日的放假安排。", text=text,
                                   year=year, status=400)
    async with request.app[SESSIONS].begin() as session:
        await workdays.save_arrangement(session, year, days, staff.actor)
        await append_event(session, "staff.holidays", {"year": year, "days": len(days)},
                           actor=staff.actor)
    raise web.HTTPSeeOther(f"/staff/holidays?done={year}")
