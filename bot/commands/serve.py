"""`awardbot serve`: the web server (applicant page, health check), migrations applied first.

One process by default: migrations run inside the app's startup, so a server that cannot reach
or migrate its database fails at once with the reason instead of serving errors.

`--workers N` (or `AWARDBOT_WORKERS`) runs N processes on the same port with SO_REUSEPORT, the
kernel spreading connections over them, under a supervisor (`bot.supervisor`). The parent
migrates once before any worker starts. Every piece of state the workers must agree on lives
in PostgreSQL (see docs/deployment.md), so several workers on SQLite, which allows one writer
at a time, are refused; so is Telegram polling, where a second getUpdates caller is refused
by Telegram.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import shutil
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

from aiohttp import web
from aiohttp.web_runner import GracefulExit
from prometheus_client import multiprocess
from sqlalchemy.engine import make_url

from bot.app import create_app
from bot.commands import staff, today
from bot.config import Settings, get_settings
from bot.db.migrate import upgrade
from bot.metrics import MULTIPROCESS_ENV
from bot.runtime import freeze_startup_heap, running
from bot.security.access_log import PrivateAccessLogger
from bot.security.file_modes import make_private
from bot.supervisor import Supervisor

PARENT_CHECK_SECONDS = 1.0


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("serve", help="run the web server (applicant page at /)")
    parser.add_argument("--host", default=None, help="address to listen on "
                        "(default AWARDBOT_HOST or 127.0.0.1)")
    parser.add_argument("--port", type=int, default=None, help="TCP port "
                        "(default AWARDBOT_PORT or 8080)")
    parser.add_argument("--workers", type=int, default=None, help="processes sharing the port "
                        "(default AWARDBOT_WORKERS or 1; more than 1 needs PostgreSQL)")
    today.add_option(parser)
    parser.set_defaults(handler=run)


def refusal(settings: Settings, workers: int) -> str | None:
    """Why `workers` processes cannot run with these settings, or None when they can."""
    if workers < 1:
        return "--workers must be at least 1."
    if workers == 1:
        return None
    if make_url(settings.database_url).get_backend_name() == "sqlite":
        return ("awardbot serve: refusing to start several workers on SQLite. SQLite allows "
                "one writer at a time and each process would queue only its own turns, so "
                "workers would stall and time out on each other's locks. Use PostgreSQL "
                "(AWARDBOT_DATABASE_URL=postgresql+asyncpg://...) for --workers > 1, or run "
                "one worker.")
    if settings.telegram_token is not None and settings.telegram_mode == "polling":
        return ("awardbot serve: refusing to start several workers with "
                "AWARDBOT_TELEGRAM_MODE=polling. Telegram answers only one getUpdates caller "
                "per bot; use the webhook mode (AWARDBOT_TELEGRAM_MODE=webhook) with workers.")
    return None


def run(args: argparse.Namespace) -> int:
    settings = get_settings()
    logging.basicConfig(level=settings.log_level,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    host = args.host or settings.host
    port = args.port or settings.port
    workers = settings.workers if args.workers is None else args.workers
    refused = refusal(settings, workers)
    if refused is not None:
        print(refused, file=sys.stderr)
        return 2
    make_private(settings.data_dir)
    if settings.today is not None:
        print(f"awardbot runs on {settings.today.isoformat()} (AWARDBOT_TODAY), not on "
              "today's date", flush=True)
    if workers == 1:
        print(f"awardbot is serving on http://{host}:{port}/  (Ctrl+C to stop)", flush=True)
        _serve(settings, host, port, demo=staff.demo_enabled())
        return 0
    asyncio.run(upgrade(settings.database_url))
    metrics_dir = _fresh_metrics_dir(settings.data_dir)
    os.environ[MULTIPROCESS_ENV] = str(metrics_dir)
    os.environ["AWARDBOT_WORKERS"] = str(workers)
    print(f"awardbot is serving on http://{host}:{port}/ with {workers} workers "
          "(Ctrl+C to stop)", flush=True)
    return Supervisor(serve_worker, (host, port), workers,
                      on_exit=lambda pid: multiprocess.mark_process_dead(pid, str(metrics_dir))
                      ).run()


def serve_worker(host: str, port: int, index: int) -> None:
    """One worker of `--workers N` (runs in its own process; the parent migrated already)."""
    settings = get_settings()
    logging.basicConfig(level=settings.log_level,
                        format=f"%(asctime)s %(levelname)s [worker {index} %(process)d] "
                               "%(name)s: %(message)s")
    _serve(settings, host, port, demo=index == 0 and staff.demo_enabled(), supervised=True)


def addressed(settings: Settings, host: str, port: int) -> Settings:
    """Without AWARDBOT_PUBLIC_URL, links (the demo login, upload links, staff notices) point
    at the address actually served, not at the default port."""
    if "public_url" in settings.model_fields_set:
        return settings
    return settings.model_copy(update={"public_url": f"http://{host}:{port}"})


def _serve(settings: Settings, host: str, port: int, *, demo: bool,
           supervised: bool = False) -> None:
    settings = addressed(settings, host, port)
    app = create_app(settings, migrate=not supervised)
    if demo:
        app.on_startup.append(staff.demo_account)
    app.on_startup.append(freeze_startup_heap)
    if not supervised:
        web.run_app(app, host=host, port=port, print=None,
                    access_log_class=PrivateAccessLogger)
        return
    app.cleanup_ctx.append(_exit_with_parent)
    loop = asyncio.new_event_loop()
    _stop_on_first_signal(loop)
    web.run_app(app, host=host, port=port, print=None, reuse_port=True, handle_signals=False,
                loop=loop, access_log_class=PrivateAccessLogger)


def _stop_on_first_signal(loop: asyncio.AbstractEventLoop) -> None:
    """Shut down gracefully on the first SIGTERM/SIGINT and ignore the ones that follow (a
    supervisor and systemd may both send one), so the graceful shutdown is never cut short."""

    def stop() -> None:
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, lambda: None)
        raise GracefulExit()

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop)


async def _exit_with_parent(_app: web.Application) -> AsyncIterator[None]:
    """Stop this worker if its supervisor disappears (killed with SIGKILL), instead of
    serving on as an orphan nobody will stop."""
    parent = os.getppid()

    async def watch() -> None:
        while os.getppid() == parent:
            await asyncio.sleep(PARENT_CHECK_SECONDS)
        os.kill(os.getpid(), signal.SIGTERM)

    async with running(watch()):
        yield


def _fresh_metrics_dir(data_dir: Path) -> Path:
    """An empty directory for the workers' metric files (old files would add stale counts)."""
    path = (data_dir / "metrics").resolve()
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path
