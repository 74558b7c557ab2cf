"""`/staff/tickets` and `/staff/t/{id}`: questions applicants handed to a person (咨询/工单).

The inbox lists the office's tickets by status, oldest first (who has waited longest). The
ticket page shows the question and where the applicant was in the conversation, an answer
form, and for an answered ticket “保存为常见问题”. Every POST is CSRF-checked and runs in one
transaction; the answer is written to the applicant's transcript and queued in the outbox for
their Telegram and WeChat in that transaction (`bot.services.push.notify_everywhere`). A
refused request (empty answer, answered twice) shows the page again with the reason and changes
nothing.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web
from sqlalchemy import select

from bot.conversation import CHINA_TIME
from bot.db.tickets import FaqEntry, Ticket, TicketStatus
from bot.runtime import CONVERSATION, OUTBOX, SESSIONS
from bot.services import saved_faq, tickets
from bot.services.push import notify_everywhere
from bot.services.staff import Staff
from bot.services.tickets import TicketConflict, TicketRefused
from dialogs.i18n import t
from dialogs.profile_state import programme_by_id
from eligibility.vocabulary import vocabulary
from handlers.web.staff.common import HEADERS, SIGNER, current_staff, form_with_csrf, render

STATUS_NAMES = {"open": "待回复", "answered": "已回复", "closed": "已关闭"}
FLOW_NAMES = {"screening": "资格测评", "result": "查看测评结果", "application": "准备申报材料",
              "menu": "主菜单", "info": "了解项目", "mydata": "我的信息", "faq": "提问",
              "consent": "阅读个人信息说明"}
CHANNEL_NAMES = {"web": "网页", "telegram": "Telegram", "wechat": "微信", "console": "终端"}
DONE = {"answered": "已回复，申报人会在对话中收到。", "closed": "已关闭。",
        "saved": "已保存为常见问题，下一位申报人问同样的问题时会自动回答。",
        "pending": "已保存为常见问题。适用于所有项目的回答要等管理员批准后才会自动回答。"}


async def inbox(request: web.Request) -> web.Response:
    staff, data = await current_staff(request)
    status = request.query.get("status", "open")
    wanted = TicketStatus(status) if status in STATUS_NAMES else TicketStatus.OPEN
    async with request.app[SESSIONS]() as session:
        rows = await tickets.listing(session, staff, wanted)
    return render(request, "tickets.html", staff=staff,
                  csrf=request.app[SIGNER].csrf(data.nonce), rows=[_view(r) for r in rows],
                  status=wanted.value, statuses=STATUS_NAMES)


async def _visible(session: Any, staff: Staff, request: web.Request) -> Ticket:
    found = await tickets.find(session, staff, int(request.match_info["ticket"]))
    if found is None:
        raise web.HTTPNotFound(text="没有找到这个问题，或您无权查看。", headers=HEADERS)
    return found


async def ticket_page(request: web.Request, *, error: str = "", draft: str = "",
                      status: int = 200) -> web.Response:
    staff, data = await current_staff(request)
    async with request.app[SESSIONS]() as session:
        row = await _visible(session, staff, request)
        saved = await session.scalar(select(FaqEntry.id).where(FaqEntry.ticket_id == row.id))
    choices = [(p.id, p.name) for p in saved_faq.handled_programmes(staff)]
    return render(request, "ticket.html", http_status=status, staff=staff,
                  csrf=request.app[SIGNER].csrf(data.nonce), ticket=_view(row), error=error,
                  draft=draft, saved=saved, choices=choices, statuses=STATUS_NAMES,
                  notice=DONE.get(request.query.get("done", ""), ""),
                  default_programme=row.programme or row.context.get("programme") or "")


async def answer(request: web.Request) -> web.Response:
    staff, _, form = await form_with_csrf(request)
    text = str(form.get("answer") or "")
    try:
        async with request.app[SESSIONS].begin() as session:
            row = await _visible(session, staff, request)
            await tickets.answer(session, staff, row, text)
            await notify_everywhere(session, row.applicant_id, lambda locale: t(
                locale, "tix.answer", question=row.question, answer=text.strip()),
                kind="ticket_answer", office=row.office)
    except TicketRefused as refused:
        return await ticket_page(request, error=str(refused), draft=text,
                                 status=409 if isinstance(refused, TicketConflict) else 400)
    request.app[OUTBOX].wake()
    raise web.HTTPSeeOther(f"/staff/t/{row.id}?done=answered")


async def close(request: web.Request) -> web.Response:
    staff, _, _ = await form_with_csrf(request)
    try:
        async with request.app[SESSIONS].begin() as session:
            row = await _visible(session, staff, request)
            await tickets.close(session, staff, row)
    except TicketConflict as refused:
        return await ticket_page(request, error=str(refused), status=409)
    raise web.HTTPSeeOther(f"/staff/t/{row.id}?done=closed")


async def save_as_faq(request: web.Request) -> web.Response:
    staff, _, form = await form_with_csrf(request)
    programme = str(form.get("programme") or "")
    if programme and programme_by_id(programme) is None:
        return await ticket_page(request, error="请选择一个项目。", status=400)
    try:
        async with request.app[SESSIONS].begin() as session:
            row = await _visible(session, staff, request)
            entry = await saved_faq.save_from_ticket(session, staff, row, programme or None)
    except TicketRefused as refused:
        return await ticket_page(request, error=str(refused),
                                 status=409 if isinstance(refused, TicketConflict) else 403)
    request.app[CONVERSATION].saved_faq.invalidate()
    done = "saved" if entry.approved_at is not None else "pending"
    raise web.HTTPSeeOther(f"/staff/t/{row.id}?done={done}")


def _step_name(step: str) -> str:
    """A screening step is a fact: its Chinese label (身份证号码) rather than its key."""
    return vocabulary()[step].label.get("zh", step) if step in vocabulary() else step


def _view(row: Ticket) -> dict[str, Any]:
    """A ticket as the templates show it: names instead of keys, Beijing time."""
    pack = programme_by_id(row.programme) if row.programme else None
    context = dict(row.context)
    region = context.pop("region", {}) or {}
    current = programme_by_id(context.get("programme", "")) if context.get("programme") else None
    return {"id": row.id, "question": row.question, "status": row.status.value,
            "programme": pack.name if pack else "（未确定项目）",
            "flow": FLOW_NAMES.get(context.get("flow", ""), context.get("flow", "")),
            "step": _step_name(context.get("step", "")),
            "current": current.name if current else "",
            "region": "".join(region.get(k, "") for k in ("province", "city", "county")),
            "channel": CHANNEL_NAMES.get(row.channel, row.channel),
            "language": "English" if row.locale == "en" else "中文",
            "answer": row.answer, "answered_by": row.answered_by, "office": row.office,
            "asked": row.created_at.astimezone(CHINA_TIME),
            "answered_at": row.answered_at.astimezone(CHINA_TIME) if row.answered_at else None}
