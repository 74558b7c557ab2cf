"""The web side of the defences: rate limits answered 429, and the Origin check on POSTs.

A page on another site can make a phone's browser post to `/send` or `/upload` with the
applicant's cookie (SameSite=Lax stops only some of those), so a state-changing request whose
`Origin` is another site is refused with 403. Browsers send `Origin` on every cross-site POST;
a request without one (curl, an old browser on the same site) carries no cross-site intent and
passes. The platform callbacks (`/wechat`, `/telegram/webhook`) come from servers and are
checked by their own signatures instead.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import replace
from urllib.parse import urlsplit

from aiohttp import web

from bot.runtime import SESSIONS, SETTINGS
from bot.security.rate_limits import Limit, Limiter, limiter_for

LIMITER = web.AppKey("rate_limiter", Limiter)
UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
SERVER_CALLBACKS = ("/wechat", "/telegram/webhook")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
PAGE = ("<!doctype html><html lang=zh-CN><meta charset=utf-8><meta name=viewport "
        "content='width=device-width'><title>{title}</title><p>{text}</p>"
        "<p><a href='/'>返回</a></p></html>")


def setup_guards(app: web.Application) -> None:
    """The Origin check on every request, and the limiter once the database is open."""
    app.middlewares.append(same_origin_posts)

    async def limiter(app: web.Application) -> AsyncIterator[None]:
        app[LIMITER] = limiter_for(app[SESSIONS])
        yield

    app.cleanup_ctx.append(limiter)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def allowed_origin(request: web.Request) -> bool:
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    own = {_origin(request.app[SETTINGS].public_url), _origin(str(request.url))}
    return origin.strip().lower() in own


@web.middleware
async def same_origin_posts(request: web.Request, handler: Handler) -> web.StreamResponse:
    if (request.method in UNSAFE_METHODS and request.path not in SERVER_CALLBACKS
            and not allowed_origin(request)):
        return web.Response(status=403, content_type="text/html", charset="utf-8",
                            text=PAGE.format(title="请求来源不对",
                                             text="这个请求不是从本网站的页面发出的，"
                                                  "已被拒绝。请打开本网站后再操作。"))
    return await handler(request)


async def enforce(request: web.Request, limit: Limit, subject: str) -> None:
    """Count a hit; past the limit, answer 429 with Retry-After and change nothing."""
    factor = request.app[SETTINGS].rate_limit_factor
    scaled = replace(limit, hits=max(1, round(limit.hits * factor)))
    wait = await request.app[LIMITER].hit(scaled, subject)
    if wait:
        raise web.HTTPTooManyRequests(
            content_type="text/html", headers={"Retry-After": str(wait)},
            text=PAGE.format(title="操作太频繁", text=f"您的操作太频繁了，请{wait}秒后再试。"
                                                   "已经填写的内容不会丢失。"))
