"""The chain's pages over HTTP: a list paged and filtered on the server, search by ID number
through its lookup hash, bulk actions that skip what is not the clerk's, the list as XLSX,
the packet page's essay, resubmission diff and labelled history, and the 公示 page in years
the calendar does not know (2027, 2030), which an admin can fill in."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, update

from bot.db import store
from bot.db.applications import Application, ApplicationItem, ItemStatus
from bot.db.store.applications import replace_packet
from bot.runtime import CONVERSATION, SESSIONS
from bot.services.chain import queue
from tests.handlers.web.staff.conftest import (
    FLEX,
    LUOLONG,
    Dashboard,
    as_user,
    open_board,
    page_csrf,
    seed_packet,
    settings_for,
    text_of,
)

OTHER_ID = "410302199001010013"


async def test_a_long_list_is_paged_filtered_and_searched_on_the_server(
        board: Dashboard) -> None:
    for n in range(52):
        await seed_packet(board, f"n{n:02d}", f"新申报人{n:02d}", LUOLONG)
    async with board.app[SESSIONS].begin() as session:
        await store.save_answer(session, board.app[CONVERSATION].vault,
                                board.applicants["n51"], "id_number", OTHER_ID, "typed")
        await session.execute(update(ApplicationItem).where(
            ApplicationItem.item == "deeds_essay", ApplicationItem.application_id.in_(
                select(Application.id).where(Application.receipt != board.receipts["n07"])))
            .values(status=ItemStatus.PROVIDED))
    client = await as_user(board.client, "clerk")
    first = text_of(await (await client.get("/staff/")).text())
    assert "待本级办理的材料（55）" in first and "第 1 / 2 页" in first
    assert "新申报人51" in first and "张三" not in first
    second = text_of(await (await client.get("/staff/", params={"page": "2"})).text())
    assert "张三" in second and "新申报人51" not in second
    by_id = text_of(await (await client.get("/staff/", params={"q": OTHER_ID})).text())
    assert "新申报人51" in by_id and "（1）" in by_id and "新申报人50" not in by_id
    pending = text_of(await (await client.get("/staff/", params={"pending": "1"})).text())
    assert "新申报人07" in pending and "（1）" in pending and "待补交 1 项" in pending
    export = await client.get("/staff/list.xlsx", params={"q": "新申报人"})
    sheet = load_workbook(io.BytesIO(await export.read())).active
    assert sheet is not None and sheet.max_row == 53
    assert [c.value for c in sheet[1]][:3] == ["回执编号", "姓名", "项目"]
    other_county = text_of(await (await client.get("/staff/", params={"q": "赵六"})).text())
    assert "待本级办理的材料（0）" in other_county and "赵六" not in other_county


async def test_a_name_matching_many_packets_is_searched_as_a_clause(
        board: Dashboard, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past `INLINE_MATCHES` ids the name stays a WHERE clause: the same rows either way."""
    for n in range(12):
        await seed_packet(board, f"m{n:02d}", f"多名{n:02d}", LUOLONG)
    client = await as_user(board.client, "clerk")
    inline = text_of(await (await client.get("/staff/", params={"q": "多名"})).text())
    monkeypatch.setattr(queue, "INLINE_MATCHES", 5)
    clause = text_of(await (await client.get("/staff/", params={"q": "多名"})).text())
    assert "待本级办理的材料（12）" in inline and "待本级办理的材料（12）" in clause
    assert all(f"多名{n:02d}" in clause for n in range(12))
    few = text_of(await (await client.get("/staff/", params={"q": "多名0"})).text())
    assert "待本级办理的材料（10）" in few and "多名10" not in few


async def test_bulk_actions_do_the_clerks_own_and_skip_a_forged_receipt(
        board: Dashboard) -> None:
    client = await as_user(board.client, "clerk")
    _, token = await page_csrf(client, "/staff/")
    mine = [board.receipts[k] for k in ("a", "b")]
    response = await client.post("/staff/bulk", data=[
        ("csrf", token), ("action", "receive"), *[("receipt", r) for r in mine],
        ("receipt", board.receipts["x"]), ("receipt", "NO-SUCH-RECEIPT")])
    body = text_of(await response.text())
    assert "已接收 2 份材料" in body and "不存在或无权办理" in body
    async with board.app[SESSIONS]() as session:
        statuses = {row.receipt: row.status.value
                    for row in await session.scalars(select(Application))}
    assert statuses[mine[0]] == statuses[mine[1]] == "received"
    assert statuses[board.receipts["x"]] == "submitted"
    refused = await client.post("/staff/bulk", data=[
        ("csrf", token), ("action", "recommend"), *[("receipt", r) for r in mine]])
    assert "核查清单还有" in text_of(await refused.text())
    forged = await client.post("/staff/bulk", data={"csrf": "0" * 32, "action": "receive",
                                                    "receipt": board.receipts["c"]})
    assert forged.status == 403


async def test_the_packet_page_shows_the_essay_the_changes_and_human_history(
        board: Dashboard) -> None:
    receipt = board.receipts["a"]
    async with board.app[SESSIONS].begin() as session:
        row = (await session.scalars(select(Application).where(
            Application.receipt == receipt))).one()
        data: dict[str, Any] = {**row.data, "fields": {**row.data["fields"],
                                                       "phone": "13900000000"},
                                "essay": {"text": "我从2020年开始做外卖骑手。", "sections": {}}}
        row.status = row.status.__class__("returned")
        await replace_packet(session, row, data, packet_path=row.packet_path,
                             packet_sha256="1" * 64, packet_size=10)
    client = await as_user(board.client, "clerk")
    body, token = await page_csrf(client, f"/staff/p/{receipt}")
    shown = text_of(body)
    assert "我从2020年开始做外卖骑手。" in shown
    assert "第1次重新提交" in shown and "13800000000" in shown and "13900000000" in shown
    await client.post(f"/staff/p/{receipt}/reveal", data={"csrf": token})
    shown = text_of(await (await client.get(f"/staff/p/{receipt}")).text())
    assert "查看完整身份证号码" in shown and "reveal_id_number" not in shown
    assert "洛龙区 clerk经办（县级）" in shown and "staff:clerk" not in shown
    assert "修改后重新提交" in shown


async def _publicity_page(tmp_path: Path, storage: dict[str, Any], today: dt.date) -> str:
    board = await open_board(tmp_path, settings_for(tmp_path, **storage), today=today)
    try:
        client = await as_user(board.client, "root")
        response = await client.get(f"/staff/rank/{FLEX}",
                                    params={"start": today.isoformat(), "phone": "0371-1"})
        assert response.status == 200
        return text_of(await response.text())
    finally:
        await board.client.close()


async def test_the_publicity_page_in_2027_and_2030_falls_back_and_says_so(
        tmp_path: Path, storage_settings: dict[str, Any]) -> None:
    page = await _publicity_page(tmp_path / "a", storage_settings, dt.date(2027, 1, 4))
    assert "2027年节假日安排尚未公布，按周末计算，请核对" in page
    assert "公示时间：2027年1月4日至2027年1月8日（5个工作日）" in page
    assert "联系电话：0371-1" in page
    page = await _publicity_page(tmp_path / "b", storage_settings, dt.date(2030, 9, 30))
    assert "2030年节假日安排尚未公布" in page


async def test_an_admin_enters_2027s_arrangement_and_the_period_follows_it(
        tmp_path: Path, storage_settings: dict[str, Any]) -> None:
    board = await open_board(tmp_path, settings_for(tmp_path, **storage_settings),
                             today=dt.date(2027, 1, 4))
    try:
        clerk = await as_user(board.client, "clerk")
        assert (await clerk.get("/staff/holidays")).status == 403
        client = await as_user(board.client, "root")
        _, token = await page_csrf(client, "/staff/holidays")
        bad = await client.post("/staff/holidays", data={
            "csrf": token, "year": "2027", "arrangement": "春节 二月"})
        assert bad.status == 400 and "第1行" in text_of(await bad.text())
        saved = await client.post("/staff/holidays", data={
            "csrf": token, "year": "2027",
            "arrangement": "元旦 1月1日-1月3日\n春节 2月6日-2月13日 调休 2月14日"})
        assert "已保存2027年的节假日安排" in text_of(await saved.text())
        page = text_of(await (await client.get(f"/staff/rank/{FLEX}", params={
            "start": "2027-02-05"})).text())
        assert "尚未公布" not in page
        assert "公示时间：2027年2月5日至2027年2月17日（5个工作日）" in page
    finally:
        await board.client.close()


async def test_the_publicity_start_and_phone_are_saved_and_shown(board: Dashboard) -> None:
    """The 公示 keeps the start date and phone the province saved (and who saved them); a
    preview or a refused phone saves nothing; a county cannot post one, or one for above."""
    client = await as_user(board.client, "root")
    page = text_of(await (await client.get(f"/staff/rank/{FLEX}")).text())
    assert "尚未保存公示" in page
    _, token = await page_csrf(client, f"/staff/rank/{FLEX}")
    url = f"/staff/rank/{FLEX}/publicity"
    preview = await client.post(url, data={"csrf": token, "do": "preview",
                                           "start": "2024-01-22", "phone": "0371-1111111"})
    assert "公示时间：2024年1月22日至2024年1月26日（5个工作日）" in text_of(
        await preview.text())
    bad = await client.post(url, data={"csrf": token, "do": "save", "start": "2024-01-22",
                                       "phone": "=HYPERLINK(1)"})
    assert bad.status == 400 and "请填写受理异议的联系电话" in text_of(await bad.text())
    far = await client.post(url, data={"csrf": token, "do": "save", "start": "2031-01-01",
                                       "phone": "0371-69302000"})
    assert far.status == 400 and "前后一年之内" in text_of(await far.text())
    assert "尚未保存公示" in text_of(await (await client.get(f"/staff/rank/{FLEX}")).text())
    forged = await client.post(url, data={"do": "save", "start": "2024-01-22",
                                          "phone": "0371-69302000"})
    assert forged.status == 403
    saved = await client.post(url, allow_redirects=False, data={
        "csrf": token, "do": "save", "start": "2024-01-22", "phone": "0371-69302000"})
    assert saved.status == 303
    page = text_of(await (await client.get(f"/staff/rank/{FLEX}")).text())
    assert "已保存的公示：2024年1月22日起，受理异议电话 0371-69302000（root经办于" in page
    assert "公示时间：2024年1月22日至2024年1月26日（5个工作日）" in page
    assert "联系电话：0371-69302000" in page
    clerk = await as_user(board.client, "clerk")
    _, token = await page_csrf(clerk, f"/staff/rank/{FLEX}")
    county = await clerk.post(url, data={"csrf": token, "do": "save", "start": "2024-01-22",
                                         "phone": "0379-12345678"})
    assert county.status == 400 and ('role="alert">通知未要求县(市、区)级人力资源社会保障部门公示'
                                     in await county.text())
    above = await clerk.post(url, data={"csrf": token, "do": "save", "office": "河南省",
                                        "start": "2024-01-22", "phone": "0379-12345678"})
    assert above.status == 403


async def test_a_pdf_document_opens_inside_the_packet_page(board: Dashboard) -> None:
    import re

    client = await as_user(board.client, "clerk")
    body = await (await client.get(f"/staff/p/{board.receipts['a']}")).text()
    frame = re.findall(r'<iframe src="([^"]+)"', body)
    assert len(frame) == 1 and "/doc/business_licence/0" in frame[0]
    response = await client.get(frame[0].replace("&amp;", "&"), allow_redirects=False)
    if response.status == 302:  # a bucket: the presigned link answers inline itself
        assert "inline" in response.headers["Location"]
        return
    assert response.headers["Content-Disposition"].split(";")[0] == "inline"
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert response.headers["Content-Type"] == "application/pdf"
    other = await client.get(frame[0].replace("&amp;", "&").replace("&inline=1", ""))
    assert other.headers["Content-Disposition"].startswith("attachment")
    assert other.headers["X-Frame-Options"] == "DENY"
