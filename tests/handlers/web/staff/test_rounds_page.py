"""`/staff/rounds`: the province's admin opens 灵活就业之星 2025 from the notice's text, as a
clerk would use the page; counties, other provinces and forged forms cannot."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from aiohttp import FormData

from bot.runtime import SESSIONS
from bot.services import staff
from bot.services.rounds import edits, store
from dialogs.profile_state import programme_by_id
from eligibility.rounds import build, registry
from tests.handlers.web.staff.conftest import (
    FLEX,
    PASSWORD,
    Dashboard,
    as_user,
    page_csrf,
    text_of,
)
from tests.round_notices import henan_flexible_2025, settle

ROUND = f"/staff/rounds/{FLEX}/2025"


@pytest.fixture(autouse=True)
def no_rounds_after() -> Iterator[None]:
    yield
    registry.install([], "")


async def _accounts(board: Dashboard) -> None:
    async with board.app[SESSIONS].begin() as session:
        await staff.create_account(session, "jl", "吉林省", "admin", password=PASSWORD,
                                   display_name="吉林管理员")
        await staff.create_account(session, "ly", "河南省/洛阳市", "admin", password=PASSWORD,
                                   display_name="洛阳管理员")


async def test_only_the_issuing_office_opens_a_round(board: Dashboard) -> None:
    await _accounts(board)
    client = await as_user(board.client, "clerk")
    assert (await client.get("/staff/rounds")).status == 403
    client = await as_user(board.client, "city")
    assert (await client.get("/staff/rounds")).status == 403
    client = await as_user(board.client, "ly")
    page = text_of(await (await client.get("/staff/rounds")).text())
    assert "洛阳市“技能创业之星”" in page and "灵活就业之星" not in page
    client = await as_user(board.client, "jl")
    page, token = await page_csrf(client, "/staff/rounds")
    assert "灵活就业之星" not in text_of(page)
    refused = await client.post(f"/staff/rounds/{FLEX}", data={
        "csrf": token, "notice": henan_flexible_2025()})
    assert refused.status == 403
    client = await as_user(board.client, "root")
    await page_csrf(client, "/staff/rounds")
    forged = await client.post(f"/staff/rounds/{FLEX}", data={
        "csrf": "0" * 32, "notice": henan_flexible_2025()})
    assert forged.status == 403
    empty = await client.post(f"/staff/rounds/{FLEX}", data={
        "csrf": (await page_csrf(client, "/staff/rounds"))[1], "notice": "通知"})
    assert empty.status == 400 and "请粘贴新通知的全文" in text_of(await empty.text())


async def test_the_province_opens_2025_from_an_uploaded_notice(board: Dashboard) -> None:
    client = await as_user(board.client, "root")
    _, token = await page_csrf(client, "/staff/rounds")
    form = FormData()
    form.add_field("csrf", token)
    form.add_field("notice_file", henan_flexible_2025().encode("gb18030"),
                   filename="2025年方案.txt", content_type="text/plain")
    started = await client.post(f"/staff/rounds/{FLEX}", data=form, allow_redirects=False)
    assert started.status == 303 and started.headers["Location"] == ROUND

    page, token = await page_csrf(client, ROUND)
    words = text_of(page)
    assert "每个县(市、区)级人力资源社会保障部门选送对象数量不超过3人" in words
    assert "新通知中没有这句话" in words and "户籍所在地公安机关出具" in words
    shut = await client.post(ROUND + "/open", data={"csrf": token})
    assert shut.status == 409 and "处不同没有处理" in text_of(await shut.text())

    typo = await client.post(ROUND + "/save", data={"csrf": token, "count:1": "4"})
    assert "这一轮还不能开放：quotas[1].count" in text_of(await typo.text())
    fixed = await client.post(ROUND + "/save", data={"csrf": token, "count:1": "3",
                                                     "end:county_push": "2025-01-15"})
    assert "还不能开放" not in text_of(await fixed.text())
    boxes = {name: "1" for name in re.findall(r'name="(confirm:[0-9a-f]+)"', page)}
    headers = ("关于印发《河南省“灵活就业之星”选树活动工作方案》的通知",
               "各省辖市、济源示范区人力资源社会保障局：")
    notes = {f"note:{edits.key(line)}": "通知标题和主送单位，不是条件" for line in headers}
    assert all(name in page for name in notes)
    saved = await client.post(ROUND + "/save", data={"csrf": token, **boxes, **notes})
    assert saved.status == 200 and "已保存" in text_of(await saved.text())
    async with board.app[SESSIONS]() as session:
        row = await store.row(session, FLEX, "2025")
        assert row is not None
        draft = build.parse_round(row.body)
        _, found = await store.check(session, draft)
    assert {d.kind for d in found if not d.settled} == {"gone", "new_line"}
    assert all(d.settled for d in found if d.kind == "changed")

    other = draft.model_copy(update={"programme": "henan-youth-star"})
    wrong = await client.post(ROUND + "/save", data={"csrf": token, "body": build.dump(other)})
    assert wrong.status == 400 and "不能修改" in text_of(await wrong.text())
    whole = await client.post(ROUND + "/save", data={"csrf": token,
                                                     "body": build.dump(settle(draft))})
    assert whole.status == 200 and "待处理 0 处" in text_of(await whole.text())
    opened = await client.post(ROUND + "/open", data={"csrf": token})
    assert opened.status == 200 and "新一轮已开放" in text_of(await opened.text())

    current = programme_by_id(FLEX)
    assert current is not None and current.round_id == "2025"
    clerk = await as_user(board.client, "clerk")
    old = text_of(await (await clerk.get(f"/staff/p/{board.receipts['a']}")).text())
    assert "申报轮次：2024年" in old
    client = await as_user(board.client, "root")
    _, token = await page_csrf(client, ROUND)
    again = await client.post(ROUND + "/save", data={"csrf": token, "count:1": "9"})
    assert again.status == 409 and "已经开放" in text_of(await again.text())
