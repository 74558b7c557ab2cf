"""The 汇总表 shows staff the phone number the applicant typed, in every pack that has the
column, although the application row keeps only its mask (the number is sealed at rest).

Each pack's application transcript is played through the real conversation; the rows the
export builds (`upward.summary_rows`, the same call the XLSX download makes) are read back.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from bot.app import create_app
from bot.db.applications import Application
from bot.runtime import CONVERSATION, FILES, SESSIONS
from bot.services import exports
from dialogs.profile_state import programme_by_id
from handlers.web.staff.upward import summary_rows
from tests.bot.services import walk
from tests.handlers.web.staff.conftest import settings_for

TYPED = "13800138000"
WALKS = ["henan_flexible", "luoyang", "changchun_grand_prize", "changchun_technical_expert"]


@pytest.mark.parametrize("name", WALKS)
async def test_the_summary_table_shows_staff_the_typed_phone_number(
        tmp_path: Path, name: str) -> None:
    assert any(str(step.get("send")) == TYPED for step in walk.script(name)["steps"])
    app = create_app(settings_for(tmp_path), clock=lambda: walk.today_of(name))
    client = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    try:
        await walk.play(app[CONVERSATION], name, app[FILES])
        async with app[SESSIONS].begin() as session:
            row = (await session.scalars(select(Application))).one()
            assert TYPED not in str(row.data), "the application row keeps only the mask"
            table = await summary_rows(session, app[CONVERSATION].vault, [(row, 1)])
        pack = programme_by_id(row.programme)
        assert pack is not None
        values = dict(zip(exports.columns(pack), exports.row_values(pack, table[0]),
                          strict=True))
        assert values["联系电话"] == TYPED, values
    finally:
        await client.close()
