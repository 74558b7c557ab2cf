"""The inbox: the packets at the staff member's level, filtered, searched and paged on the
server (`bot.services.chain.queue`), with one bar per programme and the bulk actions' form.

A county clerk sees the applications their office received; a city or provincial office the
packets the level below forwarded to it. An admin can also look over everything under their
office (`?view=all`), read-only where the packet is not at their level.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from aiohttp import web
from markupsafe import Markup

from bot.conversation import CHINA_TIME
from bot.db.base import utcnow
from bot.db.staff import NATIONAL_ADMIN
from bot.runtime import CONVERSATION, SESSIONS
from bot.services.chain import decisions, levels, queue
from dialogs.applications import office_deadline
from dialogs.profile_state import programme_by_id
from handlers.web.staff.chart import Bar, svg
from handlers.web.staff.common import SIGNER, current_staff, render


async def inbox(request: web.Request) -> web.Response:
    staff, data = await current_staff(request)
    filters = queue.Filters.parse(request.query)
    everything = staff.is_admin and (request.query.get("view") == "all"
                                     or staff.role == NATIONAL_ADMIN)
    today = request.app[CONVERSATION].clock()
    vault = request.app[CONVERSATION].vault
    now = utcnow()
    async with request.app[SESSIONS]() as session:
        rows, total = await queue.page(session, vault, staff, filters, now,
                                       everything=everything)
        counts = await queue.counts(session, vault, staff, filters, now, everything=everything)
        counties = await queue.counties(session, staff)
        bars = []
        for pid, by_status in sorted(counts.items()):
            pack = programme_by_id(pid)
            level = levels.level_for(staff, pack) if pack else None
            if pack is None or level is None:
                continue
            quota = await decisions.level_quota(session, pack, level, staff.office)
            deadline = office_deadline(pack, today)
            bars.append({"id": pid, "name": pack.name, "counts": by_status,
                         "level": level, "quota": quota.text,
                         "svg": Markup(svg(Bar(_bar_counts(by_status), quota.maximum,
                                               (deadline - today).days if deadline else None)))})
    pages = max(1, -(-total // queue.PER_PAGE))
    return render(request, "inbox.html", staff=staff, csrf=request.app[SIGNER].csrf(data.nonce),
                  rows=[_row(row, now) for row in rows], total=total, bars=bars, f=filters,
                  counties=counties, everything=everything, pages=pages,
                  categories=_categories(filters.programme),
                  list_query=urlencode(filters.query()),
                  page_link=lambda n: "/staff/?" + urlencode(
                      {**filters.query(page=n), **({"view": "all"} if everything else {})}),
                  xlsx="/staff/list.xlsx?" + urlencode(filters.query(page=1)),
                  bulk_done=_bulk_done(request.query.get("bulk_done", "")),
                  bulk_error=request.query.get("bulk_error", "")[:2000])


def _bulk_done(text: str) -> str:
    action, _, count = text.partition(":")
    verb = {"receive": "接收", "recommend": "推荐上报"}.get(action)
    return f"已{verb} {int(count)} 份材料。" if verb and count.isdigit() else ""


def _bar_counts(by_status: dict[str, int]) -> dict[str, int]:
    """The chart's segments are named by the applicant's lifecycle (submitted = 待接收)."""
    return {("submitted" if key == "waiting" else key): n for key, n in by_status.items()}


def _categories(programme: str) -> list[tuple[str, str]]:
    pack = programme_by_id(programme) if programme else None
    return [(c.id, c.name) for c in pack.categories] if pack else []


def _row(row: queue.Row, now: Any) -> dict[str, Any]:
    app = row.application
    parts = levels.parts(app.office)
    return {"receipt": app.receipt, "name": app.data.get("applicant_name") or "（未填姓名）",
            "programme": app.data.get("programme_name") or app.programme,
            "status": row.level_status, "county": parts[-1] if parts else "",
            "category": queue.category_name(app), "pending": row.pending,
            "submitted": app.submitted_at.astimezone(CHINA_TIME),
            "waiting": max(0, (now - row.arrived_at).days)}
