"""The workflow buttons of a packet page and of the list's selection: each a CSRF-checked POST,
one transaction per packet, then a redirect back (so a reload never repeats it).

The level acted at is the staff member's own (`acting_level`): a county clerk acts as the
county, a city office as the city, whatever the form claims. An applicant's turn saving their
dialog at the same moment makes the attempt roll back and run again. A refused action (the
quota full, a missing reason, unticked checks) shows the packet page again with the reason and
changes nothing. What the applicant must learn goes out after the commit.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import store
from bot.db.applications import Application
from bot.runtime import OUTBOX, SESSIONS
from bot.services import review
from bot.services.chain import decisions
from bot.services.chain.decisions import Outcome
from bot.services.staff import Staff
from handlers.web.staff import notify
from handlers.web.staff.common import acting_level, form_with_csrf, visible_application
from handlers.web.staff.packet import packet_page, returnable
from handlers.web.staff.upward import selected_packets

ATTEMPTS = 3
ACTIONS = ("receive", "return", "check", "recommend", "not_recommend", "undo")
MAX_BULK = 200


async def act(request: web.Request) -> web.Response:
    staff, _, form = await form_with_csrf(request)
    action = request.match_info["action"]
    receipt = request.match_info["receipt"]
    if action not in ACTIONS:
        raise web.HTTPNotFound()
    try:
        await _attempts(request, staff, action, receipt, form)
    except review.ActionRefused as refused:
        return await packet_page(request, error=str(refused), status=409)
    request.app[OUTBOX].wake()
    back = str(form.get("back") or "")
    raise web.HTTPSeeOther(f"/staff/p/{receipt}?done={action}" + (f"&{back}" if back else ""))


async def _attempts(request: web.Request, staff: Staff, action: str, receipt: str,
                    form: Any) -> None:
    for attempt in range(ATTEMPTS):
        try:
            await _apply(request, staff, action, receipt, form)
            return
        except store.ConcurrentUpdate:
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


async def _apply(request: web.Request, staff: Staff, action: str, receipt: str,
                 form: Any) -> None:
    """One attempt at the action and its message to the applicant, in one transaction."""
    note = str(form.get("note") or "")
    async with request.app[SESSIONS].begin() as session:
        row = await visible_application(session, staff, receipt)
        pack, level = await acting_level(session, staff, row)
        outcome = Outcome()
        match action:
            case "receive":
                outcome = await decisions.receive(session, staff, row, pack, level)
            case "return":
                items = [str(item) for item in form.getall("items", [])]
                known = dict(returnable(pack))
                outcome = await decisions.return_down(session, staff, row, pack, level, note,
                                                      [i for i in items if i in known])
            case "check":
                await decisions.set_check(session, staff, row, pack, level,
                                          str(form.get("check") or ""), form.get("done") == "1")
            case "recommend":
                outcome = await decisions.recommend(
                    session, staff, row, pack, level, note,
                    confirm_unchecked=form.get("confirm_unchecked") == "1")
            case "not_recommend":
                outcome = await decisions.not_recommend(session, staff, row, pack, level,
                                                        str(form.get("reason") or note),
                                                        str(form.get("internal") or ""))
            case "undo":
                outcome = await decisions.undo(session, staff, row, pack, level,
                                               str(form.get("reason") or ""))
        await tell_applicant(session, row, outcome)


async def tell_applicant(session: AsyncSession, row: Application, outcome: Outcome) -> None:
    """Queue the decision's message to the applicant in the action's transaction."""
    if outcome.message is None:
        return
    labels = dict(returnable(review.programme_of(row)))
    await notify.applicant(session, row, outcome.note, list(outcome.items), labels,
                           kind=outcome.message)


async def bulk(request: web.Request) -> web.StreamResponse:
    """Receive, recommend or export the selected packets. Every receipt goes through the same
    visibility and position checks as one click on its page; the summary counts what was
    done and what was not, without saying whether a receipt outside the office exists."""
    staff, _, form = await form_with_csrf(request)
    action = str(form.get("action") or "")
    receipts = list(dict.fromkeys(str(r) for r in form.getall("receipt", [])))[:MAX_BULK]
    back = str(form.get("back") or "")
    if action == "export":
        return await selected_packets(request, staff, receipts)
    if action not in ("receive", "recommend") or not receipts:
        raise web.HTTPSeeOther("/staff/?" + urlencode(
            {"bulk_error": "请先勾选材料，再选择操作。"}))
    done, refused = 0, []
    for receipt in receipts:
        try:
            await _attempts(request, staff, action, receipt, form)
        except (review.ActionRefused, web.HTTPNotFound, web.HTTPForbidden) as failure:
            reason = str(failure) if isinstance(failure, review.ActionRefused) else \
                "不存在或无权办理"
            refused.append(f"{receipt}：{reason}")
            continue
        done += 1
    request.app[OUTBOX].wake()
    summary = {"bulk_done": f"{action}:{done}", "bulk_error": "\n".join(refused[:20])}
    raise web.HTTPSeeOther("/staff/?" + (back + "&" if back else "") + urlencode(
        {k: v for k, v in summary.items() if v}))
