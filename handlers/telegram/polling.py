"""Long polling (`AWARDBOT_TELEGRAM_MODE=polling`) through the same durable inbox as the webhook.

getUpdates confirms every update below the offset it is called with, so an update is written to
the inbox and processed before the next call moves the offset past it. A stop in the middle of
a batch leaves the stored updates for `TelegramChannel.resume`, and Telegram's redelivery of the
unconfirmed batch is recognised by the inbox and not processed twice. Updates are processed one
after another, so one chat's messages keep their order. A failing getUpdates (network, a
Telegram outage, a webhook still set) is logged and retried with aiogram's backoff.
"""

from __future__ import annotations

import logging
from typing import Any

from aiogram.exceptions import TelegramAPIError
from aiogram.types import Update
from aiogram.utils.backoff import Backoff, BackoffConfig
from aiohttp import ClientError

log = logging.getLogger(__name__)
WAIT_SECONDS = 30
ALLOWED_UPDATES = ["message", "callback_query"]
BACKOFF = BackoffConfig(min_delay=1.0, max_delay=30.0, factor=1.5, jitter=0.1)


def payload_of(update: Update) -> dict[str, Any]:
    """The update as the Bot API sent it (field aliases, no empty fields), for the inbox."""
    return update.model_dump(mode="json", exclude_none=True, by_alias=True)


async def poll(channel: Any, *, wait_seconds: int = WAIT_SECONDS,
               backoff: BackoffConfig = BACKOFF) -> None:
    """Fetch updates until cancelled, each through `channel.accept` (inbox, then the turn)."""
    offset: int | None = None
    retry = Backoff(backoff)
    while True:
        try:
            updates = await channel.bot.get_updates(
                offset=offset, timeout=wait_seconds, allowed_updates=ALLOWED_UPDATES,
                request_timeout=int(channel.bot.session.timeout + wait_seconds))
        except (TelegramAPIError, ClientError, TimeoutError) as error:
            log.warning("telegram: getUpdates failed (%s); retrying in %.1f s",
                        type(error).__name__, retry.next_delay)
            await retry.asleep()
            continue
        retry.reset()
        for update in updates:
            await channel.accept(update, payload_of(update))
        if updates:
            offset = updates[-1].update_id + 1
