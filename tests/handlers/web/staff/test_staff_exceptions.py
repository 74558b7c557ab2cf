"""Staff see a 原则上 / 一般 rule the applicant falls outside flagged as an exception to decide."""

from __future__ import annotations

from bot.db import store
from bot.runtime import CONVERSATION, SESSIONS
from tests.handlers.web.staff.conftest import Dashboard, as_user, text_of


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
    assert "例外情况" not in plain
