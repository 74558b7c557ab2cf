"""Getting back in on another device or channel: the receipt number, then a one-time code.

Typing a receipt number (HF-2024-0107-3K9Q) anywhere sends a 6-digit code to the channel the
applicant used for that application (Telegram, WeChat, or the old browser's page; retried
after a platform error, see `code_delivery`) and asks for it; the same words are answered
whether the receipt exists or not, so receipts cannot be probed. The right code within 10
minutes moves this channel identity to the applicant who submitted, so the conversation, the
application and its status continue here. Five wrong codes, or a new receipt typed, end the
attempt. Codes are kept only as keyed hashes, in the event log of the identity asking.

A conversation gate (like staff binding): the dialog never sees a receipt or a code.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from collections.abc import Awaitable, Callable

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db import store
from bot.db.applications import Application
from bot.db.base import utcnow
from bot.db.models import Channel, ChannelIdentity, Event
from bot.messages import Message, Result
from bot.services import code_delivery
from bot.services.push import Pusher
from bot.transcript import append_turn
from dialogs.i18n import t
from dialogs.types import Text, outbound_to_dict

RECEIPT = re.compile(r"^\s*([A-Z]{2}-\d{4}-\d{4}-[2-9A-HJ-NP-Z]{4})\s*$", re.IGNORECASE)
CODE = re.compile(r"^\s*(\d{6})\s*$")
LIFETIME = dt.timedelta(minutes=10)
MAX_TRIES = 5
HIDDEN = "●●●●●●"
ASKED, FAILED, DONE = "resume.code", "resume.failed", "resume.done"


def _hash(secret: bytes, code: str, receipt: str) -> str:
    return hmac.new(secret, f"{receipt}|{code}".encode(), hashlib.sha256).hexdigest()


async def _start(session: AsyncSession, secret: bytes, pusher: Callable[[], Pusher],
                 requester: int, receipt: str, now: dt.datetime, locale: str,
                 queued: Callable[[], None]) -> None:
    owner = await session.scalar(select(Application.applicant_id).where(
        Application.receipt == receipt))
    if owner is None or owner == requester:
        await store.append_event(session, ASKED, {"receipt": "", "hash": "",
                                                  "expires": (now + LIFETIME).isoformat()},
                                 applicant_id=requester, actor="applicant")
        return
    code = f"{secrets.randbelow(10**6):06d}"
    await store.append_event(session, ASKED, {
        "receipt": receipt, "owner": owner, "hash": _hash(secret, code, receipt),
        "expires": (now + LIFETIME).isoformat()}, applicant_id=requester, actor="applicant")
    await code_delivery.send(session, pusher(), owner, t(
        locale, "resume.code_message", code=code, receipt=receipt), now, now + LIFETIME,
        queued)


async def _attempt(session: AsyncSession, requester: int,
                   now: dt.datetime) -> tuple[int, dict[str, str]] | None:
    """The latest attempt of this identity's applicant while it is open: not finished, not
    expired, fewer than five wrong codes. A receipt that matched nothing is an attempt too
    (every code is then wrong), so the answers never tell which receipts exist."""
    asked = (await session.execute(select(Event.id, Event.payload).where(
        Event.applicant_id == requester, Event.kind == ASKED)
        .order_by(Event.id.desc()).limit(1))).first()
    if asked is None or dt.datetime.fromisoformat(asked.payload["expires"]) < now:
        return None
    later = dict((await session.execute(select(Event.kind, func.count()).where(
        Event.applicant_id == requester, Event.id > asked.id,
        Event.kind.in_((DONE, FAILED))).group_by(Event.kind))).all())
    if later.get(DONE) or later.get(FAILED, 0) >= MAX_TRIES:
        return None
    return asked.id, asked.payload


async def _check(session: AsyncSession, secret: bytes, requester: int,
                 payload: dict[str, str], code: str) -> int | None:
    """The owner's id when `code` opens the attempt; a wrong code is counted."""
    if not payload.get("hash") or not hmac.compare_digest(
            payload["hash"], _hash(secret, code, payload["receipt"])):
        await store.append_event(session, FAILED, {}, applicant_id=requester,
                                 actor="applicant")
        return None
    await store.append_event(session, DONE, {"receipt": payload["receipt"]},
                             applicant_id=requester, actor="applicant")
    return int(payload["owner"])


async def _answer(session: AsyncSession, applicant_id: int, said: str, text: str) -> Result:
    """The reply, also in the transcript (the web page shows the conversation from it); a
    code is shown as dots."""
    outbound = [Text(text)]
    await append_turn(session, applicant_id, said, [outbound_to_dict(item) for item in outbound])
    return Result(outbound=outbound)


def gate(sessions: async_sessionmaker[AsyncSession], secret: bytes,
         pusher: Callable[[], Pusher], now: Callable[[], dt.datetime] = utcnow,
         queued: Callable[[], None] = lambda: None
         ) -> Callable[[Message], Awaitable[Result | None]]:
    """Answer receipt numbers and the codes that follow them, before the dialog. `queued`
    is called when a code waits for a retry."""

    async def answer(message: Message) -> Result | None:
        if message.kind != "text":
            return None
        receipt, code = RECEIPT.match(message.text), CODE.match(message.text)
        if receipt is None and code is None:
            return None
        async with sessions.begin() as session:
            ref = await store.find_or_create_applicant(session, message.channel,
                                                       message.external_id)
            state = (await store.load_dialog(session, ref.id)).state or {}
            locale = str(state.get("locale") or "zh_CN")
            if receipt is not None:
                await _start(session, secret, pusher, ref.id, receipt.group(1).upper(),
                             now(), locale, queued)
                return await _answer(session, ref.id, receipt.group(1).upper(),
                                     t(locale, "resume.code_sent"))
            attempt = await _attempt(session, ref.id, now()) if code is not None else None
            if code is None or attempt is None:
                return None
            owner = await _check(session, secret, ref.id, attempt[1], code.group(1))
            if owner is None:
                return await _answer(session, ref.id, HIDDEN, t(locale, "resume.code_wrong"))
            await session.execute(update(ChannelIdentity).where(
                ChannelIdentity.channel == Channel(message.channel),
                ChannelIdentity.external_id == message.external_id).values(
                applicant_id=owner))
            return await _answer(session, owner, HIDDEN, t(locale, "resume.done"))

    return answer
