"""Telegram's sender for the outbox: one sendMessage per row, and what each answer means.

The Bot API answers every failure with `ok: false`, an `error_code` and a `description`
(core.telegram.org/bots/api#making-requests); aiogram raises one exception per kind, and each
becomes an outbox verdict here:

- 429 with `parameters.retry_after` (#responseparameters): retried after that many seconds.
- 5xx, an answer that is not the API's JSON (a proxy's 502 page), a network error or a
  timeout: retried with backoff; the platform decides nothing here, so nothing is given up.
- 403 “Forbidden: bot was blocked by the user” (or the user is deactivated): final; the chat
  is remembered as blocked, as the conversation's pacer does, until the person writes again.
- 400 (a malformed message, a chat that does not exist): final, with Telegram's description.
- 401 (the bot token is wrong): retried, since fixing the configuration makes it deliverable.
"""

from __future__ import annotations

from collections.abc import Callable

from aiogram import Bot
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)

from bot.db import channel_store
from bot.db.channel_store import Sessions
from bot.outbox import Accepted, Envelope, Final, Retry, Verdict
from handlers.splitting import split_message, utf16_units
from handlers.telegram.channel import GLOBAL_RATE, markup
from handlers.telegram.inbound import CHANNEL
from handlers.telegram.render import MAX_TEXT, Button, Outgoing

PER_CHAT_INTERVAL = 1.0
"""Telegram's FAQ: avoid sending more than one message per second to one chat."""


class TelegramSender:
    """The outbox `Channel` for Telegram, sending with the real aiogram `Bot`."""

    name = CHANNEL

    def __init__(self, bot: Bot, sessions: Callable[[], Sessions], *,
                 per_second: float = GLOBAL_RATE,
                 per_chat_interval: float = PER_CHAT_INTERVAL) -> None:
        self.bot = bot
        self._sessions = sessions
        self.per_second = per_second
        self.per_chat_interval = per_chat_interval

    async def deliver(self, envelope: Envelope) -> Verdict:
        """Send the text in parts within Telegram's 4096 (`handlers.splitting`), the buttons
        with the last; a part already accepted is not sent again."""
        parts = split_message(envelope.text, MAX_TEXT, utf16_units)
        buttons = tuple(Button(label, callback_data=data) for label, data in envelope.buttons)
        for number in range(envelope.sent_parts, len(parts)):
            last = number == len(parts) - 1
            verdict = await self._send(envelope, Outgoing(parts[number], buttons if last else ()))
            if isinstance(verdict, Retry):
                return Retry(verdict.reason, verdict.after, sent_parts=number)
            if not isinstance(verdict, Accepted):
                return verdict
        return Accepted()

    async def _send(self, envelope: Envelope, outgoing: Outgoing) -> Verdict:
        try:
            await self.bot.send_message(int(envelope.recipient), outgoing.text,
                                        reply_markup=markup(outgoing))
        except TelegramRetryAfter as error:
            return Retry(f"429 {error.message}", after=float(error.retry_after))
        except TelegramForbiddenError as error:
            await channel_store.set_blocked(self._sessions(), CHANNEL, envelope.recipient, True)
            return Final("blocked", error.message)
        except (TelegramBadRequest, TelegramNotFound) as error:
            return Final("rejected", error.message)
        except TelegramServerError as error:
            return Retry(f"server error: {error.message}")
        except TelegramUnauthorizedError as error:
            return Retry(f"unauthorized (check the bot token): {error.message}")
        except (TelegramNetworkError, ClientDecodeError, TimeoutError) as error:
            return Retry(f"{type(error).__name__}: {error}"[:200])
        return Accepted()

    async def fallback(self, envelope: Envelope) -> Verdict:
        return Final("rejected", "Telegram has no other route")
