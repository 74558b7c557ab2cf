"""Long polling (`AWARDBOT_TELEGRAM_MODE=polling`) through the same durable inbox as the webhook.

getUpdates confirms every update below the offset it is called with, so an update is written to
the inbox and processed before the next call moves the offset past it. A stop in the middle of
a batch leaves the stored updates for `TelegramChannel.resume`, and Telegram's redelivery of the
unconfirmed batch is recognised by the inbox and not processed twice. Updates are processed one
after another, so one chat's messages keep their order.

getUpdates “will not work if an outgoing webhook is set up” (Bot API, getUpdates), so polling
starts with deleteWebhook (keeping pending updates). A 409 Conflict afterwards means another
process polls with the same token (or set a webhook again): it is reported in `problems`, which
makes `/healthz` fail, until a getUpdates succeeds. Other failures (network, a Telegram outage)
are logged and retried with aiogram's backoff.
"""

from __future__ import annotations

import logging
from typing import Any

from aiogram.exceptions import TelegramAPIError, TelegramConflictError
from aiogram.types import Update
from aiogram.utils.backoff import Backoff, BackoffConfig
from aiohttp import ClientError

log = logging.getLogger(__name__)
CHANNEL = "telegram"
WAIT_SECONDS = 30
ALLOWED_UPDATES = ["message", "callback_query"]
BACKOFF = BackoffConfig(min_delay=1.0, max_delay=30.0, factor=1.5, jitter=0.1)


def payload_of(update: Update) -> dict[str, Any]:
    """The update as the Bot API sent it (field aliases, no empty fields), for the inbox."""
    return update.model_dump(mode="json", exclude_none=True, by_alias=True)


async def poll(channel: Any, *, wait_seconds: int = WAIT_SECONDS,
               backoff: BackoffConfig = BACKOFF, problems: dict[str, str] | None = None
               ) -> None:
    """Fetch updates until cancelled, each through `channel.accept` (inbox, then the turn)."""
    offset: int | None = None
    retry = Backoff(backoff)
    problems = {} if problems is None else problems
    await _delete_webhook(channel)
    while True:
        try:
            updates = await channel.bot.get_updates(
                offset=offset, timeout=wait_seconds, allowed_updates=ALLOWED_UPDATES,
                request_timeout=int(channel.bot.session.timeout + wait_seconds))
        except TelegramConflictError as error:
            problems[CHANNEL] = f"getUpdates: 409 {error.message}"
            log.error("telegram: getUpdates conflict (%s); retrying in %.1f s",
                      error.message, retry.next_delay)
            await retry.asleep()
            continue
        except (TelegramAPIError, ClientError, TimeoutError) as error:
            log.warning("telegram: getUpdates failed (%s); retrying in %.1f s",
                        type(error).__name__, retry.next_delay)
            await retry.asleep()
            continue
        retry.reset()
        problems.pop(CHANNEL, None)
        for update in updates:
            await channel.accept(update, payload_of(update))
        if updates:
            offset = updates[-1].update_id + 1


async def _delete_webhook(channel: Any) -> None:
    """Remove a webhook left from webhook mode; pending updates stay for getUpdates."""
    try:
        await channel.bot.delete_webhook(drop_pending_updates=False)
    except (TelegramAPIError, ClientError, TimeoutError) as error:
        log.warning("telegram: deleteWebhook failed (%s); polling anyway",
                    type(error).__name__)
