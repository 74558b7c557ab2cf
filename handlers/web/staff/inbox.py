"""The inbox: the packets this staff member may see, by programme and status, with counts,
a search by name or receipt number, sorting by submission time, and one bar per programme.

Filtering by name happens after the visibility query: an office holds tens or hundreds of
packets, and the name lives in the application's JSON, which SQLite and PostgreSQL query
differently.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from aiohttp import web
from markupsafe import Markup
from sqlalchemy import select

from bot.conversation import CHINA_TIME
from bot.db.applications import Application
from bot.runtime import CONVERSATION, SESSIONS
from bot.services import review
from bot.services import staff as accounts
from dialogs.applications import office_deadline
from dialogs.profile_state import programme_by_id
from handlers.web.staff.chart import Bar, svg
from handlers.web.staff.common import SIGNER, current_staff, render

MAX_ROWS = 500


async def inbox(request: web.Request) -> web.Response:
    staff, data = await current_staff(request)
    programme = request.query.get("programme", "")
    status = request.query.get("status", "")
    query = request.query.get("q", "").strip()[:64]
    newest = request.query.get("sort", "new") != "old"
    today = request.app[CONVERSATION].clock()
    async with request.app[SESSIONS]() as session:
        rows = (await session.scalars(select(Application).where(accounts.visible(staff))
                                      .order_by(Application.submitted_at, Application.id)
                                      .limit(MAX_ROWS))).all()
        bars = []
        by_programme: dict[str, Counter[str]] = {}
        for row in rows:
            by_programme.setdefault(row.programme, Counter())[row.status.value] += 1
        for pid, counts in sorted(by_programme.items()):
            pack = programme_by_id(pid)
            if pack is None:
                continue
            quota = await review.office_quota(session, staff.office, pack)
            deadline = office_deadline(pack, today)
            bars.append({"id": pid, "name": pack.name, "counts": counts,
                         "quota": quota.text,
                         "svg": Markup(svg(Bar(dict(counts), quota.maximum,
                                               (deadline - today).days if deadline else None)))})
    shown = [row for row in rows if _matches(row, programme, status, query)]
    if newest:
        shown.reverse()
    return render(request, "inbox.html", staff=staff, csrf=request.app[SIGNER].csrf(data.nonce),
                  rows=[_row(row) for row in shown], bars=bars, programme=programme,
                  status=status, q=query, sort="new" if newest else "old")


def _matches(row: Application, programme: str, status: str, query: str) -> bool:
    if programme and row.programme != programme:
        return False
    if status and row.status.value != status:
        return False
    if query:
        name = str(row.data.get("applicant_name") or "")
        return query in name or query.upper() in row.receipt.upper()
    return True


def _row(row: Application) -> dict[str, Any]:
    return {"receipt": row.receipt, "name": row.data.get("applicant_name") or "（未填姓名）",
            "programme": row.data.get("programme_name") or row.programme,
            "status": row.status.value, "office": row.data.get("office") or row.office,
            "submitted": row.submitted_at.astimezone(CHINA_TIME)}
