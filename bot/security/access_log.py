"""The access log: one line per request without anything that identifies an applicant.

aiohttp's default line prints the request line, query string included. For `/wechat` the query
holds the signed `signature`/`timestamp`/`nonce` triple and the follower's `openid`; handoff
links carry a signed token naming the applicant in the path. So a line names the route a
request matched (`/h/{token}`, `/staff/p/{receipt}`), never the concrete path or its query,
and a path no route matched is masked and cut short.
"""

from __future__ import annotations

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger

from dialogs.masking import mask_text

UNMATCHED_PATH_CHARS = 64


def route_of(request: web.BaseRequest) -> str:
    """The matched route's template, or the masked, shortened path when none matched."""
    match_info = getattr(request, "match_info", None)
    route = getattr(match_info, "route", None)
    resource = getattr(route, "resource", None)
    if resource is not None:
        return str(resource.canonical)
    return mask_text(request.path[:UNMATCHED_PATH_CHARS])


class PrivateAccessLogger(AbstractAccessLogger):
    """`METHOD route status bytes seconds`, for `web.run_app(access_log_class=...)`."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse,
            time: float) -> None:
        self.logger.info('%s %s %s %s %.3fs', request.method, route_of(request),
                         response.status, response.body_length, time)
