"""待补交 end to end: an applicant defers one item (稍后补交), submits, and the county clerk
sees it pending in the list and on the packet page; the applicant hands it in after
submitting, and the clerk then sees the same packet complete, the new page among its documents.

Everything goes through the real conversation (the 洛阳 transcript, real JPEGs) and the real
dashboard; nothing is written to the database by hand.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from bot.app import create_app
from bot.conversation import Conversation, Message
from bot.db.applications import Application
from bot.runtime import CONVERSATION, FILES, SESSIONS
from bot.services import staff
from bot.storage import FileStore
from tests.bot.services import samples, walk
from tests.handlers.web.staff.conftest import PASSWORD, as_user, settings_for, text_of

NAME = "luoyang"
DEFERRED = "welfare_evidence"
WHO = "deferring-applicant"


def _deferring_steps() -> list[dict[str, Any]]:
    """The transcript with the deferred item's upload and 传完了 replaced by 稍后补交."""
    steps, out, skip_done = walk.script(NAME)["steps"], [], False
    for step in steps:
        if str(step.get("upload", {}).get("ref", "")).startswith(DEFERRED):
            out.append({"choose": "later"})
            skip_done = True
            continue
        if skip_done and step.get("choose") == "done":
            skip_done = False
            continue
        out.append(step)
    return out


async def _send(conversation: Conversation, files: FileStore, number: int,
                step: dict[str, Any]) -> str:
    mid = f"defer-{number}"
    if "choose" in step:
        message = Message("web", WHO, mid, kind="choice", choice=str(step["choose"]))
    elif "upload" in step:
        message = Message("web", WHO, mid, kind="file",
                          file=walk.upload(files, samples.jpeg((1200, 900)), "page.jpg"))
    else:
        message = Message("web", WHO, mid, kind="text", text=str(step["send"]))
    result = await conversation.handle(message)
    return "\n".join(getattr(item, "text", "") for item in result.outbound)


async def _packet_page(client: TestClient, receipt: str) -> tuple[str, int]:
    body = await (await client.get(f"/staff/p/{receipt}")).text()
    return text_of(body), len(re.findall(r'<img src="', body))


async def test_the_clerk_sees_a_deferred_item_and_its_hand_in(tmp_path: Path) -> None:
    app = create_app(settings_for(tmp_path), clock=lambda: walk.today_of(NAME))
    client = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    try:
        conversation, files = app[CONVERSATION], app[FILES]
        steps = _deferring_steps()
        said = ""
        for number, step in enumerate(steps):
            said = await _send(conversation, files, number, step)
        assert "已提交" in said and "还待补交" in said, said
        async with app[SESSIONS].begin() as session:
            row = (await session.scalars(select(Application))).one()
            await staff.create_account(session, "clerk", row.office, "office",
                                       password=PASSWORD)
        await as_user(client, "clerk")
        inbox = text_of(await (await client.get("/staff/", params={"pending": "1"})).text())
        assert row.receipt in inbox and "待补交 1 项" in inbox
        page, pictures = await _packet_page(client, row.receipt)
        assert "稍后补交" in page
        asked = await _send(conversation, files, 900, {"choose": f"supplement:doc:{DEFERRED}"})
        assert "请上传" in asked, asked
        await _send(conversation, files, 901, {"upload": {"ref": "late"}})
        said = await _send(conversation, files, 902, {"choose": "done"})
        assert f"已加到回执编号 {row.receipt}" in said, said
        inbox = text_of(await (await client.get("/staff/")).text())
        assert row.receipt in inbox and "待补交 1 项" not in inbox
        page, after = await _packet_page(client, row.receipt)
        assert "稍后补交" not in page and after == pictures + 1
        async with app[SESSIONS]() as session:
            assert len((await session.scalars(select(Application))).all()) == 1, \
                "the hand-in joins the same packet"
    finally:
        await client.close()

