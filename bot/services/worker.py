"""Running the forwarding worker alongside the web app (an aiohttp cleanup context).

Without `AWARDBOT_SMTP_HOST` no worker runs: packets stay in the outbox, visible to staff, and
are sent once SMTP is configured and the server restarted.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import web

from bot.config import Settings
from bot.runtime import FILES, SESSIONS, SETTINGS, running
from bot.services import forwarding
from bot.services.mail import SmtpSettings


def smtp_settings(settings: Settings) -> SmtpSettings | None:
    if not settings.smtp_host:
        return None
    password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
    return SmtpSettings(settings.smtp_host, settings.smtp_port, settings.smtp_from,
                        settings.smtp_user, password, settings.smtp_starttls,
                        settings.smtp_max_attachment_mb * 1024 * 1024)


async def forwarding_worker(app: web.Application) -> AsyncIterator[None]:
    """Start the worker after the database context, stop it before the database closes."""
    settings = app[SETTINGS]
    smtp = smtp_settings(settings)
    if smtp is None:
        yield
        return
    async with running(forwarding.run(app[SESSIONS], smtp, app[FILES],
                                      settings.forwarding_interval_seconds)):
        yield
