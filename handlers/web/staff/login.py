"""Logging in and out. Wrong passwords count towards the account's lock-out; the page never
says whether the username exists."""

from __future__ import annotations

import secrets

from aiohttp import web

from bot.conversation import CHINA_TIME
from bot.runtime import SESSIONS, SETTINGS
from bot.services import staff as accounts
from handlers.web.staff.auth import LOGIN_COOKIE, SESSION_COOKIE
from handlers.web.staff.common import (
    SIGNER,
    form_with_csrf,
    render,
    set_session,
    signed_in,
)

WRONG = "用户名或密码不正确。"


def _login_page(request: web.Request, nonce: str, error: str = "",
                status: int = 200) -> web.Response:
    response = render(request, "login.html", http_status=status, error=error,
                      csrf=request.app[SIGNER].csrf(nonce))
    secure = request.app[SETTINGS].public_url.startswith("https://")
    response.set_cookie(LOGIN_COOKIE, nonce, max_age=3600, httponly=True, samesite="Strict",
                        secure=secure, path="/staff")
    return response


async def login_form(request: web.Request) -> web.Response:
    if await signed_in(request) is not None:
        raise web.HTTPSeeOther("/staff/")
    return _login_page(request, secrets.token_hex(16))


async def login(request: web.Request) -> web.Response:
    form = await request.post()
    nonce = request.cookies.get(LOGIN_COOKIE)
    if not request.app[SIGNER].csrf_ok(nonce, str(form.get("csrf") or "")):
        return _login_page(request, secrets.token_hex(16), "页面已过期，请重新登录。", 403)
    username = str(form.get("username") or "")[:64]
    password = str(form.get("password") or "")[:256]
    async with request.app[SESSIONS].begin() as session:
        result = await accounts.authenticate(session, username, password)
    if result.staff is None:
        if result.locked_until is not None:
            until = result.locked_until.astimezone(CHINA_TIME)
            error = (f"密码错误次数过多，账号已暂时锁定，请在{until:%H:%M}后再试，"
                     "或联系管理员。")
            return _login_page(request, nonce or secrets.token_hex(16), error, 429)
        return _login_page(request, nonce or secrets.token_hex(16), WRONG, 401)
    response = web.HTTPSeeOther("/staff/")
    set_session(request, response, request.app[SIGNER].session_cookie(
        result.staff.id, result.staff.session_epoch))
    response.del_cookie(LOGIN_COOKIE, path="/staff")
    raise response


async def logout(request: web.Request) -> web.Response:
    staff, _, _ = await form_with_csrf(request)
    async with request.app[SESSIONS].begin() as session:
        await accounts.end_sessions(session, staff.id)
    response = web.HTTPSeeOther("/staff/login")
    response.del_cookie(SESSION_COOKIE, path="/staff")
    raise response
