"""What every dashboard view shares: the signed-in staff member, CSRF, templates, lookups.

A packet is always looked up together with the visibility rule of the staff member, so a
packet of another county is simply not found (404), whichever URL is guessed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import jinja2
from aiohttp import web
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.conversation import CHINA_TIME
from bot.db.applications import Application
from bot.db.chain import PacketStage
from bot.runtime import CLOCK, SESSIONS, SETTINGS
from bot.services import staff as accounts
from bot.services import tickets
from bot.services.chain import levels, positions
from bot.services.staff import Staff
from dialogs.profile_state import programme_in_round
from eligibility.explain import format_date
from eligibility.model import ChainLevel, Programme
from handlers.web.staff.auth import SESSION_COOKIE, SESSION_HOURS, SessionData, Signer

SIGNER = web.AppKey("staff_signer", Signer)
TEMPLATES = web.AppKey("staff_templates", jinja2.Environment)
PASSWORD_PAGE = "/staff/password"
ONE_TIME_PAGES = (PASSWORD_PAGE, "/staff/logout")
"""The only pages open to someone who has not yet replaced a one-time password."""
OPEN_TICKETS = web.RequestKey("staff_open_tickets", int)
"""Request key: the signed-in staff member's open tickets, counted once for the header."""
HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff",
           "Referrer-Policy": "same-origin", "X-Frame-Options": "DENY",
           "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
                                      "style-src 'unsafe-inline' 'self'; form-action 'self'; "
                                      "frame-ancestors 'none'"}
STATUS_NAMES = {"submitted": "待接收", "received": "审核中", "returned": "已退回",
                "resubmitted": "已重新提交", "recommended": "已推荐",
                "not_recommended": "不推荐"}
LEVEL_STATUS_NAMES = {"waiting": "待接收", "received": "审核中", "returned": "已退回",
                      "recommended": "已推荐", "not_recommended": "不推荐"}
"""A packet's status at one level (the level below forwarded it: 待接收)."""
ROLE_NAMES = {"office": "经办", "reviewer": "复核", "admin": "管理员",
              "national_admin": "全国管理员"}
DONE_NAMES = {"receive": "已接收。", "return": "已退回，申报人会在对话中收到您的说明。",
              "check": "核查状态已更新。", "recommend": "已推荐。",
              "not_recommend": "已标记为不推荐，申报人会收到您写的原因。",
              "undo": "已撤销，并记入办理记录。"}


def templates() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).with_name("templates")),
        autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(STATUS_NAMES=STATUS_NAMES, ROLE_NAMES=ROLE_NAMES, DONE_NAMES=DONE_NAMES,
                       LEVEL_STATUS_NAMES=LEVEL_STATUS_NAMES)
    env.filters.update(zh_date=zh_date, zh_time=zh_time)
    return env


def zh_time(moment: dt.datetime) -> str:
    """2024年1月15日 09:30 in Beijing time, as dates are written for staff and applicants."""
    local = moment.astimezone(CHINA_TIME) if moment.tzinfo else moment
    return f"{format_date(local.date())} {local:%H:%M}"


def zh_date(value: dt.date | dt.datetime) -> str:
    """2024年1月15日; a moment is first put in Beijing time, so the page and the list agree
    on the day of a packet submitted at 02:23 Beijing time."""
    if isinstance(value, dt.datetime):
        value = (value.astimezone(CHINA_TIME) if value.tzinfo else value).date()
    return format_date(value)


def session_data(request: web.Request) -> SessionData | None:
    return request.app[SIGNER].read_session(request.cookies.get(SESSION_COOKIE))


async def signed_in(request: web.Request) -> tuple[Staff, SessionData] | None:
    """The staff member of a valid, unexpired session cookie whose epoch is current."""
    data = session_data(request)
    if data is not None:
        async with request.app[SESSIONS]() as session:
            staff = await accounts.load(session, data.staff_id)
            if staff is not None and staff.session_epoch == data.epoch:
                request[OPEN_TICKETS] = await tickets.open_count(session, staff)
                return staff, data
    return None


async def current_staff(request: web.Request) -> tuple[Staff, SessionData]:
    """The signed-in staff member; anyone else is sent to the login page, and someone still on
    a one-time password to the page that replaces it."""
    found = await signed_in(request)
    if found is None:
        raise web.HTTPSeeOther("/staff/login")
    if found[0].must_change_password and request.path not in ONE_TIME_PAGES:
        raise web.HTTPSeeOther(PASSWORD_PAGE)
    return found


async def form_with_csrf(request: web.Request) -> tuple[Staff, SessionData, Any]:
    """A POSTed form from a signed-in staff member whose CSRF token matches, or 403."""
    staff, data = await current_staff(request)
    form = await request.post()
    if not request.app[SIGNER].csrf_ok(data.nonce, str(form.get("csrf") or "")):
        raise web.HTTPForbidden(text="表单已过期或来源不明，请返回页面刷新后重试。",
                                headers=HEADERS)
    return staff, data, form


def render(request: web.Request, name: str, http_status: int = 200,
           **context: Any) -> web.Response:
    context.setdefault("open_tickets", request.get(OPEN_TICKETS))
    context.setdefault("banner", request.app[CLOCK].banner())
    html = request.app[TEMPLATES].get_template(name).render(**context)
    return web.Response(text=html, content_type="text/html", status=http_status,
                        headers=HEADERS)


def set_session(request: web.Request, response: web.StreamResponse, value: str) -> None:
    secure = request.app[SETTINGS].public_url.startswith("https://")
    response.set_cookie(SESSION_COOKIE, value, max_age=SESSION_HOURS * 3600, httponly=True,
                        samesite="Strict", secure=secure, path="/staff")


async def visible_application(session: AsyncSession, staff: Staff,
                              receipt: str) -> Application:
    """The packet, if this staff member may see it: their own office's applications, the
    packets forwarded to their level within their office, and for an admin everything under
    their office. Anything else is not found, whichever receipt is guessed."""
    row = (await session.scalars(select(Application).where(
        Application.receipt == receipt, accounts.in_scope(staff, Application.office)))).first()
    if row is not None and not await _may_see(session, staff, row):
        row = None
    if row is None:
        raise web.HTTPNotFound(text="没有找到这份材料，或您无权查看。", headers=HEADERS)
    return row


async def _may_see(session: AsyncSession, staff: Staff, row: Application) -> bool:
    if staff.is_admin:
        return True
    pack = programme_in_round(row.programme, row.data.get("round"))
    level = levels.level_for(staff, pack) if pack else None
    if pack is None or level is None:
        return False
    if levels.is_entry(pack, level) or row.office == staff.office:
        return True
    stage = await session.scalar(select(PacketStage.office).where(
        PacketStage.application_id == row.id, PacketStage.level == level.id))
    return stage is not None and levels.within(staff, stage)


async def acting_level(session: AsyncSession, staff: Staff,
                       application: Application) -> tuple[Programme, ChainLevel]:
    """The level this staff member works the packet at, or 403 when they may only read it
    (an admin looking at a county's packet, a level the packet has not reached)."""
    pack = programme_in_round(application.programme, application.data.get("round"))
    level = levels.level_for(staff, pack) if pack else None
    if pack is not None and level is not None:
        here = await positions.position(session, pack, application, level)
        if here is not None and levels.within(staff, here.office):
            return pack, level
    raise web.HTTPForbidden(text="您可以查看这份材料，但不能办理。", headers=HEADERS)
