"""The clerk's afternoon over HTTP: log in, see the county's packets, return one item with a
note, recommend two within the quota (a third is refused with the reason), rank them, export."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook
from sqlalchemy import select

from bot.db.applications import Application
from bot.db.models import Event
from bot.runtime import SESSIONS
from bot.transcript import load_transcript
from tests.file_stores import BOTH_STORES
from tests.handlers.web.staff.conftest import (
    FLEX,
    PASSWORD,
    Dashboard,
    as_user,
    page_csrf,
    seed_packet,
    text_of,
)


async def act(board: Dashboard, key: str, action: str, **form: str | list[str]) -> int:
    receipt = board.receipts[key]
    _, token = await page_csrf(board.client, f"/staff/p/{receipt}")
    data: list[tuple[str, str]] = [("csrf", token)]
    for name, value in form.items():
        data += [(name, v) for v in value] if isinstance(value, list) else [(name, value)]
    response = await board.client.post(f"/staff/p/{receipt}/{action}", data=data,
                                       allow_redirects=False)
    return response.status


async def status_of(board: Dashboard, key: str) -> str:
    async with board.app[SESSIONS]() as session:
        row = (await session.scalars(select(Application).where(
            Application.receipt == board.receipts[key]))).one()
        return row.status.value


async def test_the_inbox_lists_only_the_clerks_county_with_counts_and_search(
        board: Dashboard) -> None:
    await as_user(board.client, "clerk")
    body = text_of(await (await board.client.get("/staff/")).text())
    assert "张三" in body and "李四" in body and "王五" in body
    assert "赵六" not in body
    assert "待接收3" in body
    found = text_of(await (await board.client.get("/staff/", params={"q": "李四"})).text())
    assert "李四" in found and "张三" not in found
    by_receipt = text_of(await (await board.client.get(
        "/staff/", params={"q": board.receipts["c"].lower()})).text())
    assert "王五" in by_receipt and "李四" not in by_receipt


async def test_a_return_reaches_the_applicants_dialog_and_transcript(board: Dashboard) -> None:
    await as_user(board.client, "clerk")
    assert await act(board, "a", "receive") == 303
    assert await act(board, "a", "return", note="身份证照片看不清，请重拍",
                     items=["doc:id_card"]) == 303
    assert await status_of(board, "a") == "returned"
    async with board.app[SESSIONS]() as session:
        from bot.db.store import load_dialog
        state = (await load_dialog(session, board.applicants["a"])).state
        transcript = await load_transcript(session, "web", "web-a")
    application = state["application"]
    assert application["status"] == "returned"
    assert application["office_note"] == "身份证照片看不清，请重拍"
    assert application["reopened"] == ["doc:id_card"]
    assert "id_card" not in application["items"]
    said = transcript[-1].reply[0].text  # type: ignore[union-attr]
    assert "身份证照片看不清，请重拍" in said and "身份证" in said


async def test_a_return_without_a_note_is_refused_and_changes_nothing(board: Dashboard) -> None:
    await as_user(board.client, "clerk")
    assert await act(board, "b", "return", note="", items=["doc:id_card"]) == 409
    assert await status_of(board, "b") == "submitted"


@BOTH_STORES
async def test_two_recommended_within_the_quota_the_third_refused_then_the_city_exports(
        board: Dashboard) -> None:
    await as_user(board.client, "clerk")
    for key in ("a", "b", "c"):
        assert await act(board, key, "receive") == 303
    assert await act(board, "a", "recommend", note="事迹突出", confirm_unchecked="1") == 303
    assert await act(board, "b", "recommend", confirm_unchecked="1") == 303
    receipt = board.receipts["c"]
    _, token = await page_csrf(board.client, f"/staff/p/{receipt}")
    refused = await board.client.post(f"/staff/p/{receipt}/recommend",
                                      data={"csrf": token, "confirm_unchecked": "1"})
    assert refused.status == 409
    assert "名额已满" in text_of(await refused.text())
    assert "不超过2名" in text_of(await refused.text())
    assert await status_of(board, "c") == "received"

    body, _ = await page_csrf(board.client, f"/staff/rank/{FLEX}")
    assert "通知未要求本级排序" in text_of(body) and "通知未要求县(市、区)级" in text_of(body)
    assert (await board.client.get(f"/staff/export/{FLEX}/summary.xlsx")).status == 403
    packets = await board.client.get(f"/staff/export/{FLEX}/packets.zip")
    assert packets.status == 200
    import zipfile
    names = zipfile.ZipFile(io.BytesIO(await packets.read())).namelist()
    assert names == [f"01_张三_{board.receipts['a']}/00_封面.txt",
                     f"02_李四_{board.receipts['b']}/00_封面.txt"], "a folder per applicant"

    await as_user(board.client, "city")
    for key in ("b", "a"):
        assert await act(board, key, "receive") == 303
        assert await act(board, key, "recommend", confirm_unchecked="1") == 303
    export = await board.client.get(f"/staff/export/{FLEX}/summary.xlsx")
    assert export.status == 200
    sheet = load_workbook(io.BytesIO(await export.read())).active
    assert sheet is not None
    inferred = "（请核对原表）"
    header = [str(c.value).replace("\n", "") for c in sheet[3]]
    assert all(label.endswith(inferred) for label in header), "附件3 was never published"
    assert [label.removesuffix(inferred) for label in header] == [
        "序号", "姓名", "性别", "出生年月", "所在地区", "灵活就业类型", "就业创业证编号",
        "联系电话"]
    assert [c.value for c in sheet[4]][:2] == ["1", "张三"]
    assert [c.value for c in sheet[5]][:2] == ["2", "李四"]
    assert str(sheet["A2"].value) == ("省辖市（济源示范区）人力资源社会保障部门（章）："
                                      "洛阳市人力资源和社会保障局"), "the pack's header words only"
    bundle = await board.client.get(f"/staff/export/{FLEX}/packets.zip")
    names = zipfile.ZipFile(io.BytesIO(await bundle.read())).namelist()
    assert names[0] == "河南省“灵活就业之星”选树对象情况汇总表.xlsx", "the level's 汇总表 first"
    assert [n.split("/")[0] for n in names[1:]] == [
        f"01_张三_{board.receipts['a']}", f"02_李四_{board.receipts['b']}"]

    await as_user(board.client, "root")
    above = await board.client.get(f"/staff/export/{FLEX}/summary.xlsx",
                                   params={"office": "河南省/洛阳市"})
    assert above.status == 200
    sheet = load_workbook(io.BytesIO(await above.read())).active
    assert sheet is not None
    assert [c.value for c in sheet[4]][:2] == ["1", "张三"]
    assert [c.value for c in sheet[5]][:2] == ["2", "李四"]


async def test_a_not_recommend_tells_the_applicant_the_reason_never_the_internal_note(
        board: Dashboard) -> None:
    await as_user(board.client, "clerk")
    assert await act(board, "a", "receive") == 303
    assert await act(board, "a", "not_recommend", reason="") == 409
    assert await act(board, "a", "not_recommend", reason="近三年社保缴费记录不连续",
                     internal="社保局电话核实：2022年断缴4个月") == 303
    assert await status_of(board, "a") == "not_recommended"
    async with board.app[SESSIONS]() as session:
        transcript = await load_transcript(session, "web", "web-a")
    said = transcript[-1].reply[0].text  # type: ignore[union-attr]
    assert "近三年社保缴费记录不连续" in said and "断缴" not in said
    page = text_of(await (await board.client.get(f"/staff/p/{board.receipts['a']}")).text())
    assert "近三年社保缴费记录不连续" in page and "2022年断缴4个月" in page


async def test_a_packet_sent_at_0223_beijing_time_shows_that_day_everywhere(
        board: Dashboard) -> None:
    """18:23 UTC on 19 September is 02:23 on the 20th in Beijing: the list and the page agree."""
    async with board.app[SESSIONS].begin() as session:
        row = (await session.scalars(select(Application).where(
            Application.receipt == board.receipts["a"]))).one()
        row.submitted_at = dt.datetime(2024, 9, 19, 18, 23, tzinfo=dt.UTC)
    await as_user(board.client, "clerk")
    listed = text_of(await (await board.client.get("/staff/")).text())
    page = text_of(await (await board.client.get(f"/staff/p/{board.receipts['a']}")).text())
    assert "2024年9月20日 02:23" in listed
    assert "提交于 2024年9月20日 02:23（北京时间）" in page
    assert "9月19日" not in listed and "9月19日" not in page


async def test_formula_like_names_come_back_from_the_summary_as_text(board: Dashboard) -> None:
    key = await seed_packet(board, "f", '=HYPERLINK("http://evil","点我")',
                            "河南省/洛阳市/洛龙区")
    board.receipts["f"] = key
    await as_user(board.client, "clerk")
    assert await act(board, "f", "receive") == 303
    assert await act(board, "f", "recommend", confirm_unchecked="1") == 303
    await as_user(board.client, "city")
    assert await act(board, "f", "receive") == 303
    assert await act(board, "f", "recommend", confirm_unchecked="1") == 303
    export = await board.client.get(f"/staff/export/{FLEX}/summary.xlsx")
    sheet = load_workbook(io.BytesIO(await export.read())).active
    assert sheet is not None
    cell = sheet["B4"]
    assert cell.value == '=HYPERLINK("http://evil","点我")'
    assert cell.data_type == "s"


@BOTH_STORES
async def test_every_reveal_view_and_download_is_in_the_access_log(board: Dashboard) -> None:
    import re
    await as_user(board.client, "clerk")
    receipt = board.receipts["a"]
    body, token = await page_csrf(board.client, f"/staff/p/{receipt}")
    assert "11010519491231002X" not in body
    assert "110105********002X" in body
    revealed = await board.client.post(f"/staff/p/{receipt}/reveal", data={"csrf": token})
    assert "11010519491231002X" in await revealed.text()
    image, pdf = re.findall(r'href="(/staff/p/[^"]+/doc/[^"]+)"', body)[:2]
    image_response = await board.client.get(image.replace("&amp;", "&"))
    assert image_response.status == 200
    assert image_response.headers["Content-Type"] == "image/jpeg"
    assert image_response.headers["Content-Disposition"].split(";")[0] == "inline"
    pdf_response = await board.client.get(pdf.replace("&amp;", "&"))
    assert pdf_response.headers["Content-Disposition"].startswith("attachment")
    async with board.app[SESSIONS]() as session:
        events = (await session.scalars(select(Event).where(Event.kind == "staff.access"))).all()
    assert sorted(e.payload["what"] for e in events) == ["download", "reveal_id_number", "view"]
    assert all(e.actor == "staff:clerk" for e in events)
    assert all("11010519491231002X" not in str(e.payload) for e in events)


async def test_jilins_ratio_binds_the_city_once_the_allocation_is_recorded_and_counties_rank(
        board: Dashboard) -> None:
    from bot.services import review, staff

    county, city, jilin = "吉林省/长春市/朝阳区", "吉林省/长春市", "jilin-employment-individual"
    async with board.app[SESSIONS].begin() as session:
        await staff.create_account(session, "jl_county", county, "office",
                                   password=PASSWORD, display_name="朝阳区经办")
        await staff.create_account(session, "jl_city", city, "reviewer",
                                   password=PASSWORD, display_name="长春市复核")
        await review.set_allocation(session, city, jilin, 1)
    for key in ("j1", "j2", "j3", "j4"):
        await seed_packet(board, key, f"吉林{key}", county, programme=jilin)
    await as_user(board.client, "jl_county")
    for key in ("j1", "j2", "j3", "j4"):
        assert await act(board, key, "receive") == 303
        assert await act(board, key, "recommend", confirm_unchecked="1") == 303
    body, token = await page_csrf(board.client, f"/staff/rank/{jilin}")
    assert text_of(body).index("吉林j1") < text_of(body).index("吉林j2")
    moved = await board.client.post(f"/staff/rank/{jilin}", data={
        "csrf": token, "move": f"up:{board.receipts['j2']}"}, allow_redirects=False)
    assert moved.status == 303
    body, _ = await page_csrf(board.client, f"/staff/rank/{jilin}")
    assert text_of(body).index("吉林j2") < text_of(body).index("吉林j1")
    await as_user(board.client, "jl_city")
    for key in ("j1", "j2", "j3"):
        assert await act(board, key, "receive") == 303
    assert await act(board, "j1", "recommend", confirm_unchecked="1") == 303
    assert await act(board, "j2", "recommend", confirm_unchecked="1") == 303
    assert await act(board, "j3", "recommend", confirm_unchecked="1") == 409
    body, _ = await page_csrf(board.client, f"/staff/rank/{jilin}")
    assert "不少于5个工作日" in text_of(body)
