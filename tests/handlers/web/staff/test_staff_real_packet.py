"""A packet submitted through the real conversation (the Henan flexible-work transcript, real
uploaded JPEGs) appears in its county's dashboard, opens with its documents, and is exported."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from aiohttp.test_utils import TestClient, TestServer
from openpyxl import load_workbook
from sqlalchemy import select

from bot.app import create_app
from bot.db.applications import Application
from bot.runtime import CONVERSATION, FILES, SESSIONS
from bot.services import staff
from tests.bot.services import walk
from tests.file_stores import BOTH_STORES
from tests.handlers.web.staff.conftest import PASSWORD, as_user, page_csrf, settings_for, text_of

NAME = "henan_flexible"


@BOTH_STORES
async def test_a_packet_from_the_conversation_is_worked_and_exported(
        tmp_path: Path, storage_settings: dict[str, Any]) -> None:
    app = create_app(settings_for(tmp_path, **storage_settings),
                     clock=lambda: walk.today_of(NAME))
    client = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    try:
        await walk.play(app[CONVERSATION], NAME, app[FILES])
        async with app[SESSIONS].begin() as session:
            row = (await session.scalars(select(Application))).one()
            await staff.create_account(session, "clerk", row.office, "office",
                                       password=PASSWORD)
            await staff.create_account(session, "city", row.office.rsplit("/", 1)[0],
                                       "reviewer", password=PASSWORD)
        await as_user(client, "clerk")
        inbox = text_of(await (await client.get("/staff/")).text())
        assert row.receipt in inbox and str(row.data["applicant_name"]) in inbox
        body, token = await page_csrf(client, f"/staff/p/{row.receipt}")
        images = re.findall(r'<img src="([^"]+)"', body)
        assert images
        picture = await client.get(images[0].replace("&amp;", "&"))
        assert picture.status == 200 and picture.headers["Content-Type"] == "image/jpeg"
        for action in ("receive", "recommend"):
            response = await client.post(f"/staff/p/{row.receipt}/{action}",
                                         data={"csrf": token, "confirm_unchecked": "1"},
                                         allow_redirects=False)
            assert response.status == 303
        await as_user(client, "city")
        _, token = await page_csrf(client, f"/staff/p/{row.receipt}")
        for action in ("receive", "recommend"):
            response = await client.post(f"/staff/p/{row.receipt}/{action}",
                                         data={"csrf": token, "confirm_unchecked": "1"},
                                         allow_redirects=False)
            assert response.status == 303
        export = await client.get(f"/staff/export/{row.programme}/summary.xlsx")
        sheet = load_workbook(io.BytesIO(await export.read())).active
        assert sheet is not None
        labels = [str(c.value).replace("\n", "").removesuffix("（请核对原表）")
                  for c in sheet[3]]
        values = dict(zip(labels, [c.value for c in sheet[4]], strict=True))
        assert values["序号"] == "1"
        assert values["姓名"] == row.data["applicant_name"]
        assert row.data["fields"]["phone"] == "138****8000", "sealed: only the mask is kept"
        assert values["联系电话"] == "13800138000", "the 汇总表 carries the number typed"
        assert values["灵活就业类型"] == "新就业形态劳动者"
    finally:
        await client.close()
