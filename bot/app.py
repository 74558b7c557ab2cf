"""The aiohttp application: settings in, every route wired, the database opened on startup.

The engine and session factory are created in a cleanup context, so they belong to the event
loop that serves requests and are disposed of when the app stops (tests start and stop many
apps in one process). Migrations run first when asked, which is what `awardbot serve` does.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import AsyncIterator

from aiohttp import web
from sqlalchemy import text

from bot.clock import SystemClock, clock_from
from bot.config import Settings
from bot.conversation import Clock
from bot.crypto import previous_secret, vault_for
from bot.db.migrate import upgrade
from bot.db.session import create_engine, create_sessionmaker
from bot.metrics import MeasuredConversation
from bot.monitoring import setup_monitoring
from bot.outbox import OutboxWorker
from bot.runtime import (
    CLOCK,
    CONVERSATION,
    ENGINE,
    FILES,
    OUTBOX,
    PROBLEMS,
    SESSIONS,
    SETTINGS,
    outbox_context,
)
from bot.security.disk import DISK, setup_disk_guard
from bot.security.http import setup_guards
from bot.services import reminder_runner, reminder_worker, resume, staff_binding, staff_notices
from bot.services.housekeeping import housekeeping_worker
from bot.services.push import Pusher
from bot.services.reminder_runner import reminders_context
from bot.services.rounds.cache import rounds_worker
from bot.services.staff_worker import staff_notice_worker
from bot.services.worker import forwarding_worker
from bot.storage import open_store
from dialogs import faq
from dialogs.i18n import catalogue
from dialogs.regions import provinces
from dialogs.state import LOCALES
from eligibility import programmes
from handlers import telegram, wechat
from handlers.web import setup_routes
from handlers.web import staff as staff_dashboard

log = logging.getLogger(__name__)


def create_app(settings: Settings, *, clock: Clock | SystemClock | None = None,
               migrate: bool = True) -> web.Application:
    """An application for `settings`; `clock` gives today's date (tests pin it), else the
    day `AWARDBOT_TODAY` names, else the real date in Beijing."""
    app = web.Application(client_max_size=1024 * 1024)
    app[SETTINGS] = settings
    app[CLOCK] = clock_from(clock, settings.today)
    app[FILES] = open_store(settings)
    app[OUTBOX] = OutboxWorker(lambda: app[SESSIONS], [])
    app[PROBLEMS] = {}
    app[OUTBOX].hooks.update({"reminder": reminder_worker.settled,
                              "staff_notice": staff_notices.settled})

    async def database(app: web.Application) -> AsyncIterator[None]:
        warm_up(app[CLOCK].today())
        if migrate:
            await upgrade(settings.database_url)
        engine = create_engine(settings.database_url)
        sessions = create_sessionmaker(engine)
        app[ENGINE] = engine
        app[SESSIONS] = sessions
        app[CONVERSATION] = MeasuredConversation(
            sessions, vault_for(settings), clock=app[CLOCK], files=app[FILES])
        app[CONVERSATION].gates.append(staff_binding.gate(sessions))
        app[CONVERSATION].gates.append(resume.gate(
            sessions, settings.secret_bytes(), Pusher, app[CLOCK].now,
            lambda: reminder_runner.wake_codes(app)))
        try:
            yield
        finally:
            await engine.dispose()

    app.cleanup_ctx.append(database)
    setup_guards(app)
    app.cleanup_ctx.append(rounds_worker)
    app.cleanup_ctx.append(forwarding_worker)
    app.cleanup_ctx.append(staff_notice_worker)
    app.cleanup_ctx.append(housekeeping_worker)
    app.cleanup_ctx.append(reminders_context)
    app.router.add_get("/healthz", healthz)
    setup_monitoring(app)
    setup_disk_guard(app, settings.data_dir)
    setup_routes(app, settings.secret_bytes(), previous_secret(settings))
    staff_dashboard.setup_routes(app, settings.secret_bytes())
    telegram.setup_routes(app, settings)
    wechat.setup_routes(app, settings)
    app.cleanup_ctx.append(outbox_context)
    return app


def warm_up(today: dt.date) -> None:
    """Load the programme packs, the catalogues, the gazetteer and the FAQ matchers before the
    first applicant arrives, so nobody's first answer waits for YAML parsing or an index."""
    programmes()
    for locale in LOCALES:
        catalogue(locale)
    provinces()
    faq.warm_up(today)


async def healthz(request: web.Request) -> web.Response:
    """200 when the database answers and no channel reports a problem (`PROBLEMS`), 503
    otherwise (for load balancers and `make run`), also 503 `degraded` while the disk is
    (nearly) full; the pid says which worker answered."""
    try:
        async with request.app[ENGINE].connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception:
        log.exception("health check: the database does not answer")
        return web.json_response({"status": "error", "database": "unreachable",
                                  "pid": os.getpid()}, status=503)
    if request.app[DISK].degraded():
        return web.json_response({"status": "degraded", "database": "ok", "disk": "full",
                                  "pid": os.getpid()}, status=503)
    problems = request.app[PROBLEMS]
    if problems:
        return web.json_response({"status": "error", "database": "ok", "channels": problems,
                                  "pid": os.getpid()}, status=503)
    return web.json_response({"status": "ok", "database": "ok", "pid": os.getpid()})
