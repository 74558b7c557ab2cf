"""A WeChat applicant's hand-off answered from the dashboard arrives through the
customer-service API (signed, encrypted XML in; the fake WeChat API records what goes out)."""

from __future__ import annotations

import asyncio
import datetime as dt

from aiohttp import web
from aiohttp.test_utils import TestClient
from sqlalchemy import select, update
from test_wechat_view import say
from wx_fakes import FakeWeChatApi, event_xml, settle, text_xml

from bot.db.base import utcnow
from bot.db.models import ChannelIdentity
from bot.db.tickets import Ticket
from bot.runtime import SESSIONS
from bot.services import staff
from tests.handlers.web.staff.conftest import PASSWORD, answer_ticket, as_user

Client = tuple[TestClient, FakeWeChatApi, web.Application]
OPENID = "o-asker"


async def test_the_answer_reaches_the_wechat_applicant_through_customer_service(
        wechat: Client) -> None:
    client, fake, app = wechat
    async with app[SESSIONS].begin() as session:
        await staff.create_account(session, "clerk", "河南省/洛阳市/洛龙区", "office",
                                   password=PASSWORD)
    await say(client, app, event_xml(OPENID, "subscribe"))
    for text in ("1", "河南", "洛阳", "洛龙", "人工"):
        await say(client, app, text_xml(OPENID, text))
    opened = await say(client, app, text_xml(OPENID, "材料可以邮寄吗？"))
    assert "已转给工作人员" in opened + "".join(fake.texts(OPENID))
    async with app[SESSIONS]() as session:
        [ticket] = list(await session.scalars(select(Ticket)))
    assert ticket.channel == "wechat" and ticket.office == "河南省/洛阳市/洛龙区"
    await as_user(client, "clerk")
    before = len(fake.texts(OPENID))
    assert (await answer_ticket(client, ticket.id, "可以，寄到洛龙区人社局。")).status == 303
    await settle(app)
    assert len([t for t in fake.texts(OPENID)[before:] if "可以，寄到洛龙区人社局。" in t]) == 1


async def _ticket_answered_after(client: TestClient, fake: FakeWeChatApi, app: web.Application,
                                 hours_since_seen: float) -> int:
    """An applicant asks for a person, then stays silent; the clerk answers later."""
    async with app[SESSIONS].begin() as session:
        await staff.create_account(session, "clerk", "河南省/洛阳市/洛龙区", "office",
                                   password=PASSWORD)
    await say(client, app, event_xml(OPENID, "subscribe"))
    for text in ("1", "河南", "洛阳", "洛龙", "人工", "材料可以邮寄吗？"):
        await say(client, app, text_xml(OPENID, text))
    async with app[SESSIONS].begin() as session:
        [ticket] = list(await session.scalars(select(Ticket)))
        await session.execute(update(ChannelIdentity).values(
            last_seen_at=utcnow() - dt.timedelta(hours=hours_since_seen)))
    await as_user(client, "clerk")
    before = len(fake.texts(OPENID))
    assert (await answer_ticket(client, ticket.id, "可以，寄到洛龙区人社局。")).status == 303
    await settle(app)
    for _ in range(100):
        if fake.templates:
            break
        await asyncio.sleep(0.02)
    return len(fake.texts(OPENID)) - before


async def test_after_48_hours_the_answer_goes_as_the_configured_template_message(
        wechat_with_template: Client) -> None:
    client, fake, app = wechat_with_template
    assert await _ticket_answered_after(client, fake, app, hours_since_seen=72) == 0
    [sent] = fake.templates
    assert sent["touser"] == OPENID and sent["template_id"] == "TPL-9"
    assert "可以，寄到洛龙区人社局。" in sent["data"]["content"]["value"]


async def test_after_48_hours_without_a_template_nothing_is_sent_that_wechat_would_refuse(
        wechat: Client) -> None:
    client, fake, app = wechat
    assert await _ticket_answered_after(client, fake, app, hours_since_seen=72) == 0
    assert fake.templates == []
