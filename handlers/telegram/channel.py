"""The Telegram channel: an aiogram router that feeds the conversation, and the sender.

Messages and callback queries both become a `Message` for `Conversation.handle`; replies go out
through the pacer (global and per-chat limits, `retry_after`, blocked users). Every callback
query is answered, also when the turn fails, so the user's button never spins forever. A turn
that raises is logged and answered with an apology; the update is still acknowledged, so
Telegram does not redeliver it forever.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from contextvars import ContextVar
from functools import lru_cache
from typing import Any

from aiogram import Bot, Dispatcher, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramForbiddenError, TelegramRetryAfter
from aiogram.methods.base import Response
from aiogram.types import (
    CallbackQuery,
    File,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
    User,
)
from aiogram.types import Message as TgMessage

from bot.conversation import Conversation, Message
from bot.db import channel_store
from bot.db.channel_store import Finished, JournalEntry, Received, Sent, Sessions
from bot.db.group_commit import GroupCommit
from bot.services.documents import DEFAULT_MAX_BYTES
from bot.services.outbound import Blocked, Pacer, Record, RetryAfter
from bot.storage import FileStore
from handlers.telegram.files import fetch_file
from handlers.telegram.inbound import CHANNEL, TooLarge, from_callback, from_message
from handlers.telegram.render import Button, Outgoing, render_turn
from handlers.telegram.sensitive import is_sensitive

log = logging.getLogger(__name__)
APOLOGY = "抱歉，系统出了点问题，您的消息没有处理成功。请稍后再发一次。"
GLOBAL_RATE = 30.0
"""Telegram's overall limit per bot, messages a second; N workers get GLOBAL_RATE / N each."""
TOO_LARGE = ("这个文件超过 20 MB，Telegram 机器人无法接收。请压缩后重新发送，"
             "或发送“菜单”改用网页上传。")

_RESPONSE_MODELS = tuple(Response[kind] for kind in (TgMessage, bool, File, User, list[Update]))
"""aiogram reads every Bot API answer into `Response[<result type>]`, and pydantic keeps such
parametrised models only weakly: once the garbage collector has freed one, the next answer
builds the model class again (a schema build, ~0.3 ms; 49 times in 300 webhook updates of the
benchmark). Holding the ones the bot uses keeps them built."""


def make_bot(token: str, api_base: str) -> Bot:
    """The real aiogram Bot, pointed at `api_base` (Telegram, a local Bot API, or a test's)."""
    session = AiohttpSession(api=TelegramAPIServer.from_base(api_base.rstrip("/")))
    return Bot(token, session=session)


def markup(outgoing: Outgoing) -> InlineKeyboardMarkup | None:
    """The inline keyboard for `outgoing`, one button per row (None without buttons)."""
    return _keyboard(outgoing.buttons) if outgoing.buttons else None


@lru_cache(maxsize=1024)
def _keyboard(buttons: tuple[Button, ...]) -> InlineKeyboardMarkup:
    """Built once per set of buttons: most questions offer everyone the same options, and a
    keyboard is a dozen pydantic models. aiogram only reads it when sending."""
    return InlineKeyboardMarkup(inline_keyboard=[
        [InlineKeyboardButton(text=b.text, callback_data=b.callback_data, url=b.url)]
        for b in buttons])

_RECOVERING: ContextVar[bool] = ContextVar("telegram_recovering", default=False)
"""True while an update left in the inbox by a stopped process is being processed."""
_SUBMITTED: ContextVar[list[Record] | None] = ContextVar("telegram_submitted", default=None)
"""The replies queued while the current update is processed."""

class TelegramChannel:
    """Wires a bot, a conversation getter and a pacer into an aiogram dispatcher."""

    def __init__(self, bot: Bot, conversation: Callable[[], Conversation],
                 sessions: Callable[[], Sessions], *,
                 upload_link: Callable[[str, str], str] | None = None,
                 sensitive_uploads: bool = False, files: FileStore | None = None,
                 upload_max_bytes: int = DEFAULT_MAX_BYTES,
                 per_second: float = GLOBAL_RATE) -> None:
        self.bot = bot
        self._per_second = per_second
        self.files = files
        self.upload_max_bytes = upload_max_bytes
        self._conversation = conversation
        self._sessions = sessions
        self.pacer = self.make_pacer()
        self._stored_blocked: set[str] = set()
        self._upload_link = upload_link
        self._sensitive_uploads = sensitive_uploads
        self._journal: GroupCommit[JournalEntry, bool | None] = GroupCommit(
            lambda entries: channel_store.write_journal(self._sessions(), entries))
        self._finishing: set[asyncio.Task[None]] = set()
        self.dispatcher = Dispatcher(disable_fsm=True)
        """No aiogram FSM: the dialog state lives in the database (`bot.conversation`), and
        the FSM middleware would build a context and a storage key for every update."""
        self.dispatcher.include_router(self._router())

    def _router(self) -> Router:
        router = Router(name="awardbot")
        router.message.register(self._on_message)
        router.callback_query.register(self._on_callback)
        return router

    def make_pacer(self, **limits: Any) -> Pacer:
        """A pacer sending through this bot and recording every message (tests pass limits
        and a fake clock)."""
        limits.setdefault("per_second", self._per_second)
        return Pacer(self.send, on_done=self._record, **limits)

    async def load_blocked(self) -> None:
        """Refresh the blocked chats from the database, which every worker writes: a chat that
        unblocked the bot through another worker is sendable here again, and one this worker
        has only just seen block it (not written yet) stays blocked."""
        stored = await channel_store.blocked_recipients(self._sessions(), CHANNEL)
        learnt_here = self.pacer.blocked - self._stored_blocked
        self.pacer.blocked = stored | learnt_here
        self._stored_blocked = stored

    async def accept(self, update: Update, payload: dict[str, Any]) -> None:
        """Store the update in the inbox, then process it. Telegram redelivers only what was
        not acknowledged, so a redelivered update that is still unfinished was left by a
        process that died (another worker, or this one before a restart): it is processed now,
        before the applicant's next message, not when that process comes back (if ever). One
        already finished is not processed again."""
        if await self._journal(Received(update.update_id, payload)):
            await self._run(update)
        else:
            await self.process(update)

    async def process(self, update: Update) -> None:
        """Process an update left in the inbox, counting the attempt; gives up after a few
        failures. Its turn may have committed before the stop while the reply still sat in
        the pacer's memory, so a stored reply is sent again: a reply seen twice is better
        than none."""
        if await channel_store.claim_update(self._sessions(), update.update_id):
            recovering = _RECOVERING.set(True)
            try:
                await self._run(update)
            finally:
                _RECOVERING.reset(recovering)

    async def _run(self, update: Update) -> None:
        """Process one update; it is marked finished once its replies have left the pacer, so
        a process killed with a reply still queued leaves the update unfinished, and the next
        process resends the stored reply (`process`)."""
        status = "done"
        submitted: list[Record] = []
        collecting = _SUBMITTED.set(submitted)
        try:
            await self.dispatcher.feed_update(self.bot, update)
        except Exception:
            log.exception("telegram: update %s failed and is not retried", update.update_id)
            status = "failed"
        finally:
            _SUBMITTED.reset(collecting)
        if not submitted:
            await self._journal(Finished(update.update_id, status))
            return
        task = asyncio.create_task(self._finish_when_sent(update.update_id, status, submitted))
        self._finishing.add(task)
        task.add_done_callback(self._finishing.discard)

    async def _finish_when_sent(self, update_id: int, status: str,
                                records: list[Record]) -> None:
        for record in records:
            await record.outcome()
        await self._journal(Finished(update_id, status))

    async def settle(self) -> None:
        """Wait until every queued reply was sent and its update marked finished."""
        await self.pacer.join()
        await asyncio.gather(*self._finishing)

    def _submit(self, chat: str, outgoing: Outgoing) -> None:
        """Queue a reply, remembered by the update being processed (see `_run`)."""
        record = self.pacer.submit(chat, outgoing)
        submitted = _SUBMITTED.get()
        if submitted is not None:
            submitted.append(record)

    async def resume(self) -> None:
        """Process what a stopped process left in the inbox (at startup)."""
        try:
            for payload in await channel_store.unfinished_updates(self._sessions()):
                await self.process(Update.model_validate(payload, context={"bot": self.bot}))
        except Exception:
            log.exception("telegram: resuming the inbox failed; new updates still work")

    async def _record(self, record: Record) -> None:
        """Record a finished message; records finishing together share one transaction."""
        await self._journal(Sent(CHANNEL, record.chat, record.status, record.attempts))
        if record.status == "blocked" and record.attempts:
            await channel_store.set_blocked(self._sessions(), CHANNEL, record.chat, True)

    async def _on_message(self, message: TgMessage, event_update: Update) -> None:
        chat = str(message.chat.id)
        try:
            inbound = from_message(event_update.update_id, message)
        except TooLarge:
            self._submit(chat, Outgoing(TOO_LARGE))
            return
        if inbound.file is not None and self.files is not None:
            fetched = await fetch_file(self.bot, inbound, self.files, self._sessions(),
                                     self.upload_max_bytes)
            if isinstance(fetched, str):
                self._submit(chat, Outgoing(fetched))
                return
            inbound = fetched
        await self._turn(chat, inbound)

    async def _on_callback(self, query: CallbackQuery, event_update: Update) -> None:
        try:
            inbound = from_callback(event_update.update_id, query)
            if inbound is not None:
                await self._turn(inbound.external_id, inbound)
        finally:
            await query.answer()

    async def _turn(self, chat: str, inbound: Message) -> None:
        if chat in self.pacer.blocked:
            self.pacer.blocked.discard(chat)
            await channel_store.set_blocked(self._sessions(), CHANNEL, chat, False)
        try:
            result = await self._conversation().handle(inbound)
        except Exception:
            log.exception("telegram: the turn failed")
            self._submit(chat, Outgoing(APOLOGY))
            return
        if result.duplicate and not _RECOVERING.get():
            return
        for outgoing in render_turn(result.outbound, lambda name: self._web_link(chat, name)):
            self._submit(chat, outgoing)

    def _web_link(self, chat: str, item: str) -> str | None:
        """A web-page link for a sensitive document unless Telegram may carry it."""
        if self._upload_link is None or self._sensitive_uploads or not is_sensitive(item):
            return None
        return self._upload_link(chat, item)

    async def send(self, chat: str, payload: Any) -> None:
        """Send one rendered message, translating rate limits and blocks for the pacer."""
        try:
            await self.bot.send_message(int(chat), payload.text, reply_markup=markup(payload))
        except TelegramRetryAfter as retry:
            raise RetryAfter(retry.retry_after) from retry
        except TelegramForbiddenError as error:
            raise Blocked(chat) from error
