"""Logging in and out, and changing the password.

Unknown and known usernames get the same answer after the same work (`bot.services.staff`);
too many attempts from one address get 429 with `Retry-After`, whatever the username; a full
password pool gets 503 with `Retry-After` instead of a queue that stalls everyone. A one-time
password leads straight to `/staff/password`, and every other page sends its holder there.
"""

from __future__ import annotations

import secrets

from aiohttp import web

from bot.runtime import SESSIONS, SETTINGS
from bot.security import rate_limits
from bot.security.client_ip import address_of
from bot.security.http import enforce
from bot.security.passwords import Busy
from bot.services import staff as accounts
from handlers.web.staff.auth import LOGIN_COOKIE, SESSION_COOKIE
from handlers.web.staff.common import (
    PASSWORD_PAGE,
    SIGNER,
    current_staff,
    form_with_csrf,
    render,
    set_session,
    signed_in,
)

WRONG = "用户名或密码不正确。"
BUSY = "登录的人较多，请稍等几秒再试。"
BUSY_SECONDS = 2


def wait_text(seconds: int) -> str:
    """尝试次数过多 in words a clerk reads at a glance."""
    if seconds >= 60:
        return f"尝试次数过多，请{-(-seconds // 60)}分钟后再试。"
    return f"尝试次数过多，请{seconds}秒后再试。"


def _login_page(request: web.Request, nonce: str, error: str = "", status: int = 200,
                retry_after: int = 0) -> web.Response:
    response = render(request, "login.html", http_status=status, error=error,
                      csrf=request.app[SIGNER].csrf(nonce))
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    secure = request.app[SETTINGS].public_url.startswith("https://")
    response.set_cookie(LOGIN_COOKIE, nonce, max_age=3600, httponly=True, samesite="Strict",
                        secure=secure, path="/staff")
    return response


async def login_form(request: web.Request) -> web.Response:
    if await signed_in(request) is not None:
        raise web.HTTPSeeOther("/staff/")
    return _login_page(request, secrets.token_hex(16))


async def login(request: web.Request) -> web.Response:
    await enforce(request, rate_limits.LOGIN, address_of(request))
    form = await request.post()
    nonce = request.cookies.get(LOGIN_COOKIE)
    if not request.app[SIGNER].csrf_ok(nonce, str(form.get("csrf") or "")):
        return _login_page(request, secrets.token_hex(16), "页面已过期，请重新登录。", 403)
    nonce = nonce or secrets.token_hex(16)
    username = str(form.get("username") or "")[:64]
    password = str(form.get("password") or "")[:256]
    try:
        result = await accounts.authenticate(request.app[SESSIONS], username, password,
                                             address_of(request))
    except Busy:
        return _login_page(request, nonce, BUSY, 503, BUSY_SECONDS)
    if result.retry_after:
        return _login_page(request, nonce, wait_text(result.retry_after), 429,
                           result.retry_after)
    if result.staff is None:
        return _login_page(request, nonce, WRONG, 401)
    target = PASSWORD_PAGE if result.staff.must_change_password else "/staff/"
    response = web.HTTPSeeOther(target)
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


def _password_page(request: web.Request, staff: accounts.Staff, nonce: str, error: str = "",
                   status: int = 200, retry_after: int = 0) -> web.Response:
    response = render(request, "password.html", http_status=status, staff=staff, error=error,
                      csrf=request.app[SIGNER].csrf(nonce),
                      minimum=accounts.MIN_PASSWORD_LENGTH)
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    return response


async def password_form(request: web.Request) -> web.Response:
    staff, data = await current_staff(request)
    return _password_page(request, staff, data.nonce)


async def change_password(request: web.Request) -> web.Response:
    staff, data, form = await form_with_csrf(request)
    current = str(form.get("current") or "")[:256]
    new = str(form.get("new") or "")[:256]
    problem = accounts.password_problem(staff, new, str(form.get("repeat") or "")[:256])
    if problem is not None:
        return _password_page(request, staff, data.nonce, problem, 400)
    try:
        result = await accounts.change_password(request.app[SESSIONS], staff, current, new,
                                                address_of(request))
    except accounts.AccountError as error:
        return _password_page(request, staff, data.nonce, str(error), 400)
    except Busy:
        return _password_page(request, staff, data.nonce, BUSY, 503, BUSY_SECONDS)
    if result.retry_after:
        return _password_page(request, staff, data.nonce, wait_text(result.retry_after), 429,
                              result.retry_after)
    if result.staff is None:
        return _password_page(request, staff, data.nonce, "当前密码不正确。", 401)
    response = web.HTTPSeeOther("/staff/")
    set_session(request, response, request.app[SIGNER].session_cookie(
        result.staff.id, result.staff.session_epoch))
    raise response
