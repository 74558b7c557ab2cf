"""The baseline server for the web benchmark: a bare aiohttp app with the same two routes.

It answers GET / with a small HTML page and POST /send with a redirect, doing no work, so the
ratio against it shows what awardbot's database, engine and template add per round trip.
"""

from __future__ import annotations

import sys
import uuid

from aiohttp import web

PAGE = '<form method="post" action="/send"><input name="msg" value="{}"></form>'


async def page(request: web.Request) -> web.Response:
    return web.Response(text=PAGE.format(uuid.uuid4().hex), content_type="text/html")


async def send(request: web.Request) -> web.Response:
    await request.post()
    raise web.HTTPSeeOther("/")


def main() -> None:
    app = web.Application()
    app.router.add_get("/", page)
    app.router.add_post("/send", send)
    web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None)


if __name__ == "__main__":
    main()
