"""`/staff/notify`: binding this account's Telegram or WeChat for new-packet and deadline
notices. Getting a code is a CSRF-checked POST (a code is a secret and must not sit in a GET
URL or a cache); the page shows it once with the exact message to send."""

from __future__ import annotations

from aiohttp import web

from bot.runtime import SESSIONS
from bot.services import staff_binding
from bot.services.staff import Staff
from handlers.web.staff.common import SIGNER, current_staff, form_with_csrf, render


async def _page(request: web.Request, staff: Staff, nonce: str, code: str = "",
                done: str = "") -> web.Response:
    async with request.app[SESSIONS]() as session:
        rows = await staff_binding.bindings(session, staff.id)
    bound = [(row.channel, staff_binding.CHANNELS.get(row.channel, row.channel),
              row.created_at) for row in rows]
    minutes = int(staff_binding.VALID.total_seconds() // 60)
    return render(request, "notify.html", staff=staff, csrf=request.app[SIGNER].csrf(nonce),
                  code=code, bound=bound, done=done, minutes=minutes)


async def notify_page(request: web.Request) -> web.Response:
    staff, data = await current_staff(request)
    done = "已解除绑定。" if request.query.get("done") == "unbind" else ""
    return await _page(request, staff, data.nonce, done=done)


async def issue_code(request: web.Request) -> web.Response:
    staff, data, _ = await form_with_csrf(request)
    async with request.app[SESSIONS].begin() as session:
        code = await staff_binding.issue_code(session, staff.id)
    return await _page(request, staff, data.nonce, code=code)


async def unbind(request: web.Request) -> web.Response:
    staff, _, form = await form_with_csrf(request)
    channel = str(form.get("channel") or "")
    if channel in staff_binding.CHANNELS:
        async with request.app[SESSIONS].begin() as session:
            await staff_binding.unbind(session, staff.id, channel)
    raise web.HTTPSeeOther("/staff/notify?done=unbind")
