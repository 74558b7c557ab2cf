"""Binding a staff account to a WeChat OpenID with `绑定 CODE` in signed, encrypted XML, and a
notice pushed through the customer-service sender."""

from __future__ import annotations

import datetime as dt

from aiohttp import web
from aiohttp.test_utils import TestClient
from sqlalchemy import func, select
from test_wechat_view import say
from wx_fakes import FakeWeChatApi, settle, text_xml

from bot.db.models import Applicant
from bot.db.staff_notices import StaffBinding
from bot.runtime import SESSIONS
from bot.services import staff, staff_binding, staff_notices, staff_worker

Client = tuple[TestClient, FakeWeChatApi, web.Application]
OPENID = "o-clerk"


async def _account(app: web.Application) -> tuple[int, str]:
    async with app[SESSIONS].begin() as session:
        account, _ = await staff.create_account(session, "clerk", "河南省/洛阳市/洛龙区",
                                                "office", display_name="王经办")
        return account.id, await staff_binding.issue_code(session, account.id)


async def test_the_bind_message_binds_the_openid_and_is_answered_in_the_passive_reply(
        wechat: Client) -> None:
    client, _, app = wechat
    staff_id, code = await _account(app)
    reply = await say(client, app, text_xml(OPENID, f"绑定 {code}"))
    assert "绑定成功" in reply and "王经办" in reply
    async with app[SESSIONS]() as session:
        rows = (await session.execute(select(StaffBinding.staff_id, StaffBinding.channel,
                                             StaffBinding.external_id))).all()
        assert [tuple(row) for row in rows] == [(staff_id, "wechat", OPENID)]
        assert await session.scalar(select(func.count()).select_from(Applicant)) == 0


async def test_a_wrong_code_is_refused_and_binds_nothing(wechat: Client) -> None:
    client, _, app = wechat
    await _account(app)
    reply = await say(client, app, text_xml(OPENID, "绑定 ABC123"))
    assert "无效或已过期" in reply
    async with app[SESSIONS]() as session:
        assert await session.scalar(select(func.count()).select_from(StaffBinding)) == 0


async def test_a_redelivered_bind_message_is_confirmed_again(wechat: Client) -> None:
    client, _, app = wechat
    _, code = await _account(app)
    first = await say(client, app, text_xml(OPENID, f"绑定{code}", msg_id=555))
    again = await say(client, app, text_xml(OPENID, f"绑定{code}", msg_id=555))
    assert "绑定成功" in first and first == again


async def test_a_queued_notice_reaches_the_bound_openid(wechat: Client) -> None:
    client, fake, app = wechat
    staff_id, code = await _account(app)
    await say(client, app, text_xml(OPENID, f"绑定 {code}"))
    async with app[SESSIONS].begin() as session:
        await staff_notices.add(session, staff_id, staff_notices.PACKET, {
            "programme": "技能创业之星", "receipt": "LS-2", "name": "李*"}, "LS-2")
    noon = dt.datetime(2024, 1, 3, 4, tzinfo=dt.UTC)
    await staff_worker.run_once(app, lambda: noon, remind=False)
    await settle(app)
    assert any("回执编号：LS-2" in text for text in fake.texts(OPENID))
