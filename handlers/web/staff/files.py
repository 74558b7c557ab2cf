"""Sending a stored document or packet to a staff member, whichever store holds it.

The dashboard's own link (signed for one staff member, expiring in minutes) is checked and the
access logged before this runs. A local file is then sent by the app itself; a file in a bucket
is answered with a redirect to a presigned URL that is valid for the same few minutes, so the
bytes go from the bucket straight to the browser and never through the worker.
"""

from __future__ import annotations

import asyncio
from urllib.parse import quote

from aiohttp import web

from bot.runtime import FILES
from bot.storage import check_key
from handlers.web.staff.common import HEADERS

CSP = "Content-Security-Policy"


async def ensure_stored(request: web.Request, key: str) -> None:
    """404 unless `key` names a file in the store (asked before the access is logged)."""
    try:
        check_key(key)
    except ValueError:
        raise web.HTTPNotFound(headers=HEADERS) from None
    if await asyncio.to_thread(request.app[FILES].size, key) is None:
        raise web.HTTPNotFound(headers=HEADERS)


def disposition_of(filename: str, *, inline: bool) -> str:
    """A Content-Disposition with a Chinese file name (RFC 6266: an ASCII fallback, then the
    UTF-8 name, which every current browser uses; an inline file keeps it for “save as”)."""
    fallback = "".join(ch if ch.isascii() and ch not in '"\\' else "_" for ch in filename)
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


async def send_stored(request: web.Request, key: str, *, filename: str, content_type: str,
                      inline: bool, framed: bool = False) -> web.StreamResponse:
    """The file itself (local store) or a redirect to a short-lived presigned link. A `framed`
    file (a PDF shown inside its packet page) may be framed by the dashboard's own pages."""
    files = request.app[FILES]
    path = files.local_path(key)
    if path is not None:
        disposition = disposition_of(filename, inline=inline)
        headers = {**HEADERS, "Content-Type": content_type, "Content-Disposition": disposition}
        if framed:
            headers.update({"X-Frame-Options": "SAMEORIGIN",
                            CSP: "frame-ancestors 'self'"})
        return web.FileResponse(path, headers=headers)
    url = await asyncio.to_thread(files.link, key, filename=filename,
                                  content_type=content_type, inline=inline)
    if url is None:
        raise web.HTTPNotFound(headers=HEADERS)
    raise web.HTTPFound(url, headers=HEADERS)


def allow_store_images(request: web.Request, response: web.StreamResponse) -> None:
    """Let a page show images that redirect to the store's presigned links (CSP img-src)."""
    origin = request.app[FILES].link_origin
    if origin is not None:
        response.headers[CSP] = HEADERS[CSP].replace(
            "img-src 'self' data:;", f"img-src 'self' {origin} data:; frame-src 'self' {origin};")
