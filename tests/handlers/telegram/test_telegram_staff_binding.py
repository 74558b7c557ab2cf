"""Binding a staff account to a Telegram chat: a code from the dashboard, `/bind CODE` through
the real webhook and aiogram Bot, notices pushed through the pacer, unbinding."""

from __future__ import annotations

import datetime as dt
import re

from aiohttp import web
from aiohttp.test_utils import TestClient
from sqlalchemy import func, select
from test_telegram_webhook import CHAT, post, text_update
from tg_fakes import FakeBotApi

from bot.db.models import Applicant, ProcessedInbound
from bot.db.staff_notices import StaffBinding
from bot.runtime import SESSIONS
from bot.services import staff, staff_binding, staff_notices, staff_worker
from handlers.telegram import CHANNEL
from tests.outbox_wait import delivered

App = tuple[TestClient, FakeBotApi, web.Application]
PASSWORD = "correct horse battery"
OFFICE = "河南省/洛阳市/洛龙区"


def _csrf(body: str) -> str:
    return re.findall(r'name="csrf" value="([0-9a-f]+)"', body)[0]


async def _signed_in(client: TestClient, app: web.Application) -> int:
    async with app[SESSIONS].begin() as session:
        account, _ = await staff.create_account(session, "clerk", OFFICE, "office",
                                                password=PASSWORD, display_name="王经办")
    token = _csrf(await (await client.get("/staff/login")).text())
    response = await client.post("/staff/login", allow_redirects=False, data={
        "csrf": token, "username": "clerk", "password": PASSWORD})
    assert response.status == 303
    return account.id


async def _code_from_dashboard(client: TestClient) -> str:
    page = await client.get("/staff/notify")
    response = await client.post("/staff/notify/code", data={"csrf": _csrf(await page.text())})
    assert response.status == 200
    return re.findall(r"/bind ([A-Z0-9]{6})", await response.text())[0]


async def _bindings(app: web.Application) -> list[tuple[int, str, str]]:
    async with app[SESSIONS]() as session:
        return [tuple(row) for row in (await session.execute(select(
            StaffBinding.staff_id, StaffBinding.channel, StaffBinding.external_id))).all()]


async def test_bind_command_binds_the_chat_without_reaching_the_dialog(telegram_app: App) -> None:
    client, fake, app = telegram_app
    staff_id = await _signed_in(client, app)
    code = await _code_from_dashboard(client)
    assert await post(client, app, text_update(f"/bind {code.lower()}")) == 200
    assert "绑定成功" in fake.sent(CHAT)[-1]["text"]
    assert await _bindings(app) == [(staff_id, "telegram", str(CHAT))]
    async with app[SESSIONS]() as session:
        assert await session.scalar(select(func.count()).select_from(Applicant)) == 0
        assert await session.scalar(select(func.count()).select_from(ProcessedInbound)) == 0
    page = await (await client.get("/staff/notify")).text()
    assert "Telegram" in page and "解除绑定" in page


async def test_a_used_wrong_or_expired_code_is_refused_politely(telegram_app: App) -> None:
    client, fake, app = telegram_app
    staff_id = await _signed_in(client, app)
    code = await _code_from_dashboard(client)
    await post(client, app, text_update(f"/bind {code}"))
    other = {**text_update(f"/bind {code}"), "message": {
        **text_update(f"/bind {code}")["message"], "chat": {"id": 777, "type": "private"}}}
    assert await post(client, app, other) == 200
    assert "无效或已过期" in fake.sent(777)[-1]["text"]
    assert await post(client, app, text_update("/bind ZZZZZZ")) == 200
    assert "无效或已过期" in fake.sent(CHAT)[-1]["text"]
    async with app[SESSIONS].begin() as session:
        old = await staff_binding.issue_code(
            session, staff_id, lambda: dt.datetime.now(dt.UTC) - dt.timedelta(minutes=11))
    assert await post(client, app, text_update(f"/bind {old}")) == 200
    assert "无效或已过期" in fake.sent(CHAT)[-1]["text"]
    assert await _bindings(app) == [(staff_id, "telegram", str(CHAT))]


async def test_a_queued_notice_reaches_the_bound_chat_through_the_pacer(
        telegram_app: App) -> None:
    client, fake, app = telegram_app
    staff_id = await _signed_in(client, app)
    await post(client, app, text_update(f"/bind {await _code_from_dashboard(client)}"))
    async with app[SESSIONS].begin() as session:
        await staff_notices.add(session, staff_id, staff_notices.PACKET, {
            "programme": "技能创业之星", "receipt": "LS-1", "name": "张*"}, "LS-1")
    noon = dt.datetime(2024, 1, 3, 4, tzinfo=dt.UTC)
    await staff_worker.run_once(app, lambda: noon, remind=False)
    await app[CHANNEL].pacer.join()
    await delivered(app)
    assert "回执编号：LS-1" in fake.sent(CHAT)[-1]["text"]


async def test_unbinding_from_the_dashboard_stops_the_notices(telegram_app: App) -> None:
    client, _, app = telegram_app
    await _signed_in(client, app)
    await post(client, app, text_update(f"/bind {await _code_from_dashboard(client)}"))
    page = await client.get("/staff/notify")
    response = await client.post("/staff/notify/unbind", allow_redirects=False, data={
        "csrf": _csrf(await page.text()), "channel": "telegram"})
    assert response.status == 303
    assert await _bindings(app) == []
    refused = await client.post("/staff/notify/unbind", data={"channel": "telegram"})
    assert refused.status == 403
