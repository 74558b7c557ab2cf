"""The county office's dashboard at `/staff/`: server-rendered pages for laptops and phones."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from handlers.web.staff import (
    actions,
    binding,
    faq,
    holidays,
    inbox,
    login,
    packet,
    rounds,
    tickets,
    upward,
)
from handlers.web.staff.auth import Signer
from handlers.web.staff.common import SIGNER, TEMPLATES, templates

__all__ = ["setup_routes"]


def setup_routes(app: web.Application, secret: bytes) -> None:
    """Add the dashboard's routes, signing with keys derived from `secret`."""
    app[SIGNER] = Signer(secret)
    app[TEMPLATES] = templates()
    add = app.router
    add.add_get("/staff", _to_inbox)
    add.add_get("/staff/", inbox.inbox)
    add.add_get("/staff/login", login.login_form)
    add.add_post("/staff/login", login.login)
    add.add_post("/staff/logout", login.logout)
    add.add_get("/staff/password", login.password_form)
    add.add_post("/staff/password", login.change_password)
    add.add_get("/staff/notify", binding.notify_page)
    add.add_post("/staff/notify/code", binding.issue_code)
    add.add_post("/staff/notify/unbind", binding.unbind)
    add.add_get("/staff/p/{receipt}", packet.packet_page)
    add.add_post("/staff/p/{receipt}/reveal", packet.reveal)
    add.add_get("/staff/p/{receipt}/doc/{item:[a-z][a-z0-9_]*}/{index:[0-9]{1,3}}",
                packet.document)
    add.add_get("/staff/p/{receipt}/packet.zip", packet.packet_zip)
    add.add_post("/staff/p/{receipt}/{action:[a-z_]+}", actions.act)
    add.add_post("/staff/bulk", actions.bulk)
    add.add_get("/staff/list.xlsx", upward.list_xlsx)
    add.add_get("/staff/holidays", holidays.holidays_page)
    add.add_post("/staff/holidays", holidays.save)
    add.add_static("/staff/static", Path(__file__).with_name("static"))
    add.add_get("/staff/rank/{programme}", upward.rank_page)
    add.add_post("/staff/rank/{programme}", upward.rank_move)
    add.add_post("/staff/rank/{programme}/publicity", upward.publicity_save)
    add.add_get("/staff/export/{programme}/summary.xlsx", upward.summary)
    add.add_get("/staff/export/{programme}/packets.zip", upward.packets)
    add.add_get("/staff/tickets", tickets.inbox)
    ticket = "/staff/t/{ticket:[0-9]{1,9}}"
    add.add_get(ticket, tickets.ticket_page)
    add.add_post(ticket + "/answer", tickets.answer)
    add.add_post(ticket + "/close", tickets.close)
    add.add_post(ticket + "/faq", tickets.save_as_faq)
    add.add_get("/staff/rounds", rounds.rounds_page)
    add.add_post("/staff/rounds/{programme:[a-z][a-z0-9-]{0,63}}", rounds.start)
    round_page = "/staff/rounds/{programme:[a-z][a-z0-9-]{0,63}}/{round:[0-9A-Za-z._-]{1,32}}"
    add.add_get(round_page, rounds.review_page)
    add.add_post(round_page + "/save", rounds.save)
    add.add_post(round_page + "/open", rounds.open_it)
    add.add_get("/staff/faq", faq.faq_page)
    add.add_post("/staff/faq/{entry:[0-9]{1,9}}/remove", faq.remove)
    add.add_post("/staff/faq/{entry:[0-9]{1,9}}/approve", faq.approve)


async def _to_inbox(request: web.Request) -> web.Response:
    raise web.HTTPMovedPermanently("/staff/")
