"""A dashboard with packets in two counties, four accounts, and the helpers to drive it.

Packets are written with the packet engineer's own store function (`create_application`), with
real files in the app's file store (a JPEG page, a PDF page, the packet ZIP), an encrypted ID
number and a dialog state holding the application, exactly as a submission leaves them.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import zipfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.app import create_app
from bot.config import Settings
from bot.db import store
from bot.db.store.applications import create_application
from bot.runtime import CONVERSATION, FILES, SESSIONS
from bot.services import staff
from tests.bot.services import samples

TODAY = dt.date(2024, 9, 20)
LUOLONG = "河南省/洛阳市/洛龙区"
XIGONG = "河南省/洛阳市/西工区"
FLEX = "henan-flexible-star"
PASSWORD = "correct horse battery"
ID_NUMBER = "11010519491231002X"


@dataclass
class Dashboard:
    client: TestClient
    tmp_path: Path
    receipts: dict[str, str] = field(default_factory=dict)
    applicants: dict[str, int] = field(default_factory=dict)

    @property
    def app(self) -> Any:
        return self.client.server.app


def settings_for(tmp_path: Path, **extra: Any) -> Settings:
    return Settings(data_dir=tmp_path, secret_key="test secret for the staff dashboard",
                    database_url=f"sqlite+aiosqlite:///{tmp_path / 'awardbot.db'}", **extra)


async def seed_packet(board: Dashboard, key: str, name: str, office: str,
                      programme: str = FLEX, channel: str = "web", external_id: str = "",
                      locale: str = "zh_CN") -> str:
    files = board.app[FILES]
    receipt = f"HN-2024-0920-{key.upper():>04}"[:32]
    async with board.app[SESSIONS].begin() as session:
        who = await store.find_or_create_applicant(session, channel,
                                                   external_id or f"web-{key}", locale=locale)
        files.put(f"{who.id}/uploads/id.jpg", samples.jpeg((300, 200)))
        files.put(f"{who.id}/uploads/cert.pdf", samples.pdf())
        packet = f"{who.id}/packets/{receipt}.zip"
        zipped = io.BytesIO()
        with zipfile.ZipFile(zipped, "w") as archive:
            archive.writestr("00_封面.txt", f"{name} {receipt}")
        files.put(packet, zipped.getvalue())
        region = dict(zip(("province", "city", "county"), office.split("/"), strict=True))
        data = {"programme": programme, "category": None, "receipt": receipt,
                "fields": {"name": name, "gender": "女", "birth_month": "1990年5月",
                           "region": "洛阳市" + region["county"], "flexible_type": "新就业形态",
                           "employment_certificate_number": "4103000001",
                           "phone": "13800000000", "id_number": "110105********002X"},
                "items": {"id_card": {"status": "provided", "files": [
                              {"ref": f"{who.id}/uploads/id.jpg", "kind": "jpeg", "size": 1}]},
                          "business_licence": {"status": "provided", "files": [
                              {"ref": f"{who.id}/uploads/cert.pdf", "kind": "pdf",
                               "size": 1}]},
                          "deeds_essay": {"status": "later", "files": []}},
                "region": region, "office": "洛阳市" + region["county"] + "人力资源和社会保障局",
                "office_key": office, "programme_name": "河南省“灵活就业之星”",
                "applicant_name": name}
        await create_application(session, who.id, data, office=office,
                                 packet_path=packet, packet_sha256="0" * 64,
                                 packet_size=10)
        await store.save_answer(session, board.app[CONVERSATION].vault, who.id, "id_number",
                                ID_NUMBER, "typed")
        await store.save_dialog(session, who.id, {
            "flow": "menu", "application": {**data, "status": "submitted", "office_note": None,
                                            "reopened": [], "declarations": {},
                                            "cursor": "review"}}, expected_version=0)
    board.receipts[key] = receipt
    board.applicants[key] = who.id
    return receipt


async def open_board(tmp_path: Path, settings: Settings,
                     today: dt.date = TODAY) -> Dashboard:
    """A started dashboard with the four accounts and the four packets."""
    client = TestClient(TestServer(create_app(settings, clock=lambda: today),
                                   host="127.0.0.1"))
    await client.start_server()
    board = Dashboard(client, tmp_path)
    async with board.app[SESSIONS].begin() as session:
        for username, office, role in (("clerk", LUOLONG, "office"),
                                       ("other", XIGONG, "office"),
                                       ("city", "河南省/洛阳市", "reviewer"),
                                       ("root", "河南省", "admin")):
            await staff.create_account(session, username, office, role,
                                       password=PASSWORD, display_name=f"{username}经办")
    for key, name in (("a", "张三"), ("b", "李四"), ("c", "王五")):
        await seed_packet(board, key, name, LUOLONG)
    await seed_packet(board, "x", "赵六", XIGONG)
    return board


@pytest.fixture
async def board(tmp_path: Path, storage_settings: dict[str, Any]
                ) -> AsyncIterator[Dashboard]:
    board = await open_board(tmp_path, settings_for(tmp_path, **storage_settings))
    try:
        yield board
    finally:
        await board.client.close()


def csrf_of(body: str) -> str:
    return re.findall(r'name="csrf" value="([0-9a-f]+)"', body)[0]


def text_of(body: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


async def login(client: TestClient, username: str, password: str = PASSWORD) -> Any:
    page = await client.get("/staff/login")
    token = csrf_of(await page.text())
    return await client.post("/staff/login", data={"csrf": token, "username": username,
                                                   "password": password},
                             allow_redirects=False)


async def as_user(client: TestClient, username: str) -> TestClient:
    """The client signed in as `username` (any earlier session's cookie is dropped)."""
    client.session.cookie_jar.clear()
    response = await login(client, username)
    assert response.status == 303, await response.text()
    return client


async def page_csrf(client: TestClient, path: str) -> tuple[str, str]:
    response = await client.get(path)
    assert response.status == 200, await response.text()
    body = await response.text()
    return body, csrf_of(body)


async def answer_ticket(client: TestClient, ticket: int, text: str) -> Any:
    """The staff member signed in on `client` answers `ticket` through the ticket page's form."""
    _, token = await page_csrf(client, f"/staff/t/{ticket}")
    return await client.post(f"/staff/t/{ticket}/answer", allow_redirects=False,
                             data={"csrf": token, "answer": text})
