"""`/staff/faq`: the FAQ entries this office saved from tickets, removing one, and (admins)
approving an entry for every programme before it answers anyone.

Removing takes effect in this process at once and in every other process within
`bot.services.saved_faq.CHECK_SECONDS` (see the cache's docstring there).
"""

from __future__ import annotations

from aiohttp import web

from bot.runtime import CONVERSATION, SESSIONS
from bot.services import saved_faq
from dialogs.profile_state import programme_by_id
from handlers.web.staff.common import HEADERS, SIGNER, current_staff, form_with_csrf, render


async def faq_page(request: web.Request) -> web.Response:
    staff, data = await current_staff(request)
    async with request.app[SESSIONS]() as session:
        rows = await saved_faq.entries_of(session, staff)
    entries = [{"id": row.id, "question": row.question, "answer": row.answer,
                "programme": _name(row.programme), "by": row.created_by,
                "office": row.office, "ticket": row.ticket_id,
                "pending": row.approved_at is None} for row in rows]
    done = {"removed": "已删除，之后不会再用这条回答。",
            "approved": "已批准，机器人会用这条回答回答所有项目的同类问题。",
            "gone": "这条常见问题已经不存在了，或已经批准过。"}.get(
                request.query.get("done", ""), "")
    return render(request, "faq.html", staff=staff, csrf=request.app[SIGNER].csrf(data.nonce),
                  entries=entries, notice=done, may_approve=staff.is_admin)


def _name(programme: str | None) -> str:
    pack = programme_by_id(programme) if programme else None
    return pack.name if pack else "所有项目（通用）"


async def remove(request: web.Request) -> web.Response:
    staff, _, _ = await form_with_csrf(request)
    async with request.app[SESSIONS].begin() as session:
        removed = await saved_faq.remove(session, staff, int(request.match_info["entry"]))
    request.app[CONVERSATION].saved_faq.invalidate()
    raise web.HTTPSeeOther(f"/staff/faq?done={'removed' if removed else 'gone'}")


async def approve(request: web.Request) -> web.Response:
    staff, _, _ = await form_with_csrf(request)
    if not staff.is_admin:
        raise web.HTTPForbidden(text="只有管理员可以批准适用于所有项目的常见问题。",
                                headers=HEADERS)
    async with request.app[SESSIONS].begin() as session:
        approved = await saved_faq.approve(session, staff, int(request.match_info["entry"]))
    request.app[CONVERSATION].saved_faq.invalidate()
    raise web.HTTPSeeOther(f"/staff/faq?done={'approved' if approved else 'gone'}")
