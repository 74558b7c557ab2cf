"""Pushing a reminder on WeChat through the outbox and its WeChat sender against the fake WeChat
API: a customer-service message inside the 48 hours since the person's last message, a template
message outside them when one is configured, and otherwise dead-lettered with the reason."""

from __future__ import annotations

import datetime as dt

from aiohttp import web
from aiohttp.test_utils import TestClient
from sqlalchemy import update
from wx_fakes import FakeWeChatApi

from bot.db import store
from bot.db.base import utcnow
from bot.db.models import ChannelIdentity
from bot.outbox import rows_for
from bot.runtime import OUTBOX, SESSIONS
from bot.services.push import Pusher
from bot.transcript import load_transcript
from tests.outbox_wait import delivered

Wechat = tuple[TestClient, FakeWeChatApi, web.Application]
TEXT = "【申报提醒】\n测试提醒\n不想再收到提醒，请回复“不再提醒”。"


async def _push(app: web.Application, openid: str, hours_since_seen: float,
                template: str | None = None) -> tuple[str, str, str]:
    now = utcnow()
    async with app[SESSIONS].begin() as session:
        ref = await store.find_or_create_applicant(session, "wechat", openid)
        await session.execute(update(ChannelIdentity).where(
            ChannelIdentity.applicant_id == ref.id).values(
            last_seen_at=now - dt.timedelta(hours=hours_since_seen)))
    app[OUTBOX].channels["wechat"].template_id = template  # type: ignore[attr-defined]
    async with app[SESSIONS].begin() as session:
        outcome = await Pusher().push(session, ref.id, TEXT, now)
    assert (outcome.status, outcome.channel) == ("queued", "wechat")
    await delivered(app)
    [row] = await rows_for(app[SESSIONS], recipient=openid)
    return row.status, row.route or "", row.reason or ""


async def test_inside_48_hours_a_customer_service_message_carries_the_reminder(
        wechat: Wechat) -> None:
    _, fake, app = wechat
    assert await _push(app, "o-recent", 47.5) == ("sent", "service", "")
    assert fake.texts("o-recent") == [TEXT]
    async with app[SESSIONS]() as session:
        turns = await load_transcript(session, "wechat", "o-recent")
    assert [getattr(item, "text", "") for item in turns[-1].reply] == [TEXT]


async def test_outside_48_hours_the_configured_template_message_is_used(
        wechat: Wechat) -> None:
    _, fake, app = wechat
    assert await _push(app, "o-quiet", 49, template="TPL-1") == ("sent", "template", "")
    assert fake.texts("o-quiet") == []
    assert fake.templates == [{"touser": "o-quiet", "template_id": "TPL-1",
                               "data": {"content": {"value": TEXT}}}]


async def test_outside_48_hours_without_a_template_it_is_undeliverable_with_the_reason(
        wechat: Wechat) -> None:
    _, fake, app = wechat
    status, _, reason = await _push(app, "o-gone", 72)
    assert status == "dead" and "48 hours" in reason and "template" in reason
    assert fake.texts("o-gone") == [] and fake.templates == []
