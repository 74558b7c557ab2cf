"""The workflow buttons of a packet page: each a CSRF-checked POST, one transaction, then a
redirect back (so a reload never repeats it). An applicant's turn saving their dialog at the
same moment makes the attempt roll back and run again. A refused action (the quota full, a missing
reason) shows the packet page again with the reason and changes nothing."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.db import store
from bot.db.applications import Application
from bot.runtime import SESSIONS
from bot.services import review
from bot.services.staff import Staff
from handlers.web.staff import notify
from handlers.web.staff.common import acting, form_with_csrf, visible_application
from handlers.web.staff.packet import packet_page, returnable

NOTIFY = {"receive", "return", "recommend", "not_recommend"}
ATTEMPTS = 3


async def act(request: web.Request) -> web.Response:
    staff, _, form = await form_with_csrf(request)
    action = request.match_info["action"]
    receipt = request.match_info["receipt"]
    note = str(form.get("note") or "")
    items = [str(item) for item in form.getall("items", [])]
    for attempt in range(ATTEMPTS):
        try:
            row = await _apply(request, staff, action, receipt, note, items, form)
            break
        except store.ConcurrentUpdate:
            if attempt == ATTEMPTS - 1:
                raise
        except review.ActionRefused as refused:
            return await packet_page(request, error=str(refused), status=409)
    if action in NOTIFY:
        labels = dict(returnable(review.programme_of(row)))
        await notify.applicant(request.app, row, note.strip(), items, labels)
    raise web.HTTPSeeOther(f"/staff/p/{receipt}?done={action}")


async def _apply(request: web.Request, staff: Staff, action: str, receipt: str, note: str,
                 items: list[str], form: Any) -> Application:
    """One attempt at the action, in its own transaction."""
    async with request.app[SESSIONS].begin() as session:
        row = await visible_application(session, staff, receipt)
        acting(staff, row)
        match action:
            case "receive":
                await review.receive(session, staff, row)
            case "return":
                await review.return_items(session, staff, row, note, items)
            case "check":
                await review.set_check(session, staff, row, str(form.get("check") or ""),
                                       form.get("done") == "1")
            case "recommend":
                await review.recommend(session, staff, row, note)
            case "not_recommend":
                await review.not_recommend(session, staff, row, note)
            case _:
                raise web.HTTPNotFound()
    return row
