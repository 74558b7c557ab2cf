"""Telling the applicant that the office changed their packet's status, on their channels.

The message goes into the applicant's transcript (the web page shows it on the next visit) and
is pushed to Telegram and WeChat when those channels are running, in the applicant's language.
It is sent after the office's transaction committed, so a rolled-back action never notifies.
"""

from __future__ import annotations

import logging

from aiohttp import web
from sqlalchemy import select

from bot.db.applications import Application
from bot.db.models import Applicant, ChannelIdentity
from bot.runtime import SESSIONS
from bot.transcript import append_turn
from dialogs.i18n import t
from dialogs.types import Text, outbound_to_dict
from handlers import telegram, wechat
from handlers.telegram.render import Outgoing

log = logging.getLogger(__name__)


def message(locale: str, application: Application, note: str = "",
            items: list[str] | None = None, labels: dict[str, str] | None = None) -> str:
    status = t(locale, f"app.st_{application.status.value}")
    if application.status.value == "returned":
        names = "、".join((labels or {}).get(item, item) for item in items or [])
        return t(locale, "staff.returned", receipt=application.receipt, note=note,
                 items=names)
    return t(locale, "staff.status", receipt=application.receipt, status=status)


async def applicant(app: web.Application, application: Application, note: str = "",
                    items: list[str] | None = None,
                    labels: dict[str, str] | None = None) -> None:
    async with app[SESSIONS].begin() as session:
        locale = await session.scalar(select(Applicant.locale).where(
            Applicant.id == application.applicant_id)) or "zh_CN"
        text = message(locale, application, note, items, labels)
        await append_turn(session, application.applicant_id, "",
                          [outbound_to_dict(Text(text))])
        identities = (await session.execute(select(
            ChannelIdentity.channel, ChannelIdentity.external_id).where(
            ChannelIdentity.applicant_id == application.applicant_id))).all()
    for channel, external_id in identities:
        try:
            if channel.value == "telegram" and telegram.CHANNEL in app:
                app[telegram.CHANNEL].pacer.submit(external_id, Outgoing(text))
            elif channel.value == "wechat" and wechat.ENDPOINT in app:
                app[wechat.ENDPOINT].sender.enqueue(external_id, [text])
        except Exception:
            log.exception("staff: the applicant could not be notified on %s", channel.value)
