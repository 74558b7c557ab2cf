"""`awardbot serve`: the web server (applicant page, health check), migrations applied first.

Migrations run inside the app's startup, so a server that cannot reach or migrate its database
fails at once with the reason instead of serving errors.
"""

from __future__ import annotations

import argparse
import logging

from aiohttp import web

from bot.app import create_app
from bot.commands import staff
from bot.config import get_settings


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("serve", help="run the web server (applicant page at /)")
    parser.add_argument("--host", default=None, help="address to listen on "
                        "(default AWARDBOT_HOST or 127.0.0.1)")
    parser.add_argument("--port", type=int, default=None, help="TCP port "
                        "(default AWARDBOT_PORT or 8080)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    settings = get_settings()
    logging.basicConfig(level=settings.log_level,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    host = args.host or settings.host
    port = args.port or settings.port
    app = create_app(settings)
    if staff.demo_enabled():
        app.on_startup.append(staff.demo_account)
    print(f"awardbot is serving on http://{host}:{port}/  (Ctrl+C to stop)", flush=True)
    web.run_app(app, host=host, port=port, print=None)
    return 0
