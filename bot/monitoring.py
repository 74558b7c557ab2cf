"""`/metrics` for Prometheus, and counting the requests that ended in a server error.

The scrape shows operational figures (queue depths, error counts), nothing about any applicant,
but it is still kept from the public: with `AWARDBOT_METRICS_TOKEN` set it needs
`Authorization: Bearer <token>`; without it, only a client on the same machine that came
directly (loopback, no proxy headers) may read it. A request nginx forwarded also comes from
loopback, so forwarding headers count as "from outside": the page cannot leak through the proxy
even if nginx passes `/metrics` on.
"""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Awaitable, Callable

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST

from bot import metrics
from bot.runtime import ENGINE, SETTINGS

PROXY_HEADERS = ("X-Forwarded-For", "X-Real-IP", "Forwarded")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def setup_monitoring(app: web.Application) -> None:
    """Add `/metrics` and the server-error counter to `app`."""
    app.router.add_get("/metrics", scrape)
    app.middlewares.append(count_server_errors)


def allowed(request: web.Request, token: str | None) -> bool:
    """Whether this request may read the metrics (see the module docstring)."""
    if token:
        given = request.headers.get("Authorization", "")
        return hmac.compare_digest(given.encode("utf-8", "replace"),
                                   f"Bearer {token}".encode())
    if any(header in request.headers for header in PROXY_HEADERS):
        return False
    try:
        return ipaddress.ip_address(request.remote or "").is_loopback
    except ValueError:
        return False


async def scrape(request: web.Request) -> web.Response:
    secret = request.app[SETTINGS].metrics_token
    token = secret.get_secret_value() if secret is not None else None
    if not allowed(request, token):
        if token:
            return web.Response(status=401, text="bearer token required",
                                headers={"WWW-Authenticate": "Bearer"})
        return web.Response(status=403, text="metrics are served to loopback only")
    body = await metrics.exposition(request.app[ENGINE])
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})


@web.middleware
async def count_server_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Count every request answered with 5xx, whether returned, raised or crashed."""
    try:
        response = await handler(request)
    except web.HTTPException as error:
        if error.status >= 500:
            metrics.HTTP_ERRORS.inc()
        raise
    except Exception:
        metrics.HTTP_ERRORS.inc()
        raise
    if response.status >= 500:
        metrics.HTTP_ERRORS.inc()
    return response
