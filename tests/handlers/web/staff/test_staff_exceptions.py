"""Staff see a 原则上 / 一般 rule the applicant falls outside flagged as an exception to decide."""

from __future__ import annotations

from sqlalchemy import select

from bot.db import store
from bot.db.applications import Application
from bot.runtime import CONVERSATION, SESSIONS
from tests.handlers.web.staff.conftest import (
    LUOLONG,
    Dashboard,
    as_user,
    page_csrf,
    seed_packet,
    text_of,
)


async def test_a_provincial_honour_is_flagged_on_the_flexible_star_packet(
        board: Dashboard) -> None:
    async with board.app[SESSIONS].begin() as session:
        await store.save_answer(session, board.app[CONVERSATION].vault, board.applicants["a"],
                                "honors", [{"level": "provincial", "kind": "labor_model",
                                            "year": 2020, "title": "河南省劳动模范"}], "typed")
    await as_user(board.client, "clerk")
    flagged = text_of(await (await board.client.get(f"/staff/p/{board.receipts['a']}")).text())
    assert "例外情况（需人社部门决定）" in flagged
    assert "已获其他省级以上相关荣誉者，原则上不重复参加选树”" in flagged
    assert "河南省劳动模范" in flagged
    other = board.receipts["b"]
    plain = text_of(await (await board.client.get(f"/staff/p/{other}")).text())
    assert "原则上不重复参加选树”，您的情况" not in plain


async def test_an_excluded_honour_typed_in_the_form_is_flagged(board: Dashboard) -> None:
    receipt = await seed_packet(board, "j", "钱七", LUOLONG, programme="jinzhong-craftsman")
    async with board.app[SESSIONS].begin() as session:
        row = (await session.scalars(select(Application).where(
            Application.receipt == receipt))).one()
        row.data = {**row.data, "fields": {**row.data["fields"],
                                           "honors": "2021年山西省技术能手"}}
    await as_user(board.client, "clerk")
    page = text_of(await (await board.client.get(f"/staff/p/{receipt}")).text())
    assert "填写的荣誉“2021年山西省技术能手”属于通知写明的“已入选“三晋英才”支持计划、三晋" in page


async def test_a_yuanzeshang_quota_lets_the_office_recommend_a_third(board: Dashboard) -> None:
    """晋中: “原则上各县（区、市）…推荐人数不超过2人” guides the office; it does not refuse."""
    receipts = [await seed_packet(board, f"g{i}", f"孙{i}", LUOLONG,
                                  programme="jinzhong-craftsman") for i in range(3)]
    await as_user(board.client, "clerk")
    for receipt in receipts:
        for action in ("receive", "recommend"):
            _, token = await page_csrf(board.client, f"/staff/p/{receipt}")
            response = await board.client.post(
                f"/staff/p/{receipt}/{action}", allow_redirects=False,
                data={"csrf": token, "confirm_unchecked": "1"})
            assert response.status == 303, (receipt, action)
