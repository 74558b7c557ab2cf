"""The dashboard in headless Chromium: log in, open a packet, return it with a note, recommend
another, export the 汇总表 and read its cells; screenshots of the inbox and a packet page at
phone and desktop widths land in var/test-artifacts/."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.db.store import load_dialog
from bot.runtime import SESSIONS
from tests.handlers.web.staff.conftest import FLEX, PASSWORD, Dashboard

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[4] / "var" / "test-artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() or shutil.which("chromium") is None,
    reason=f"{CHROMIUM} is not installed (Debian package `chromium`); the browser test needs it")


async def test_a_clerk_returns_one_recommends_another_and_exports_in_chromium(
        board: Dashboard) -> None:
    from playwright.async_api import async_playwright

    base = str(board.client.make_url("/staff/"))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            context = await browser.new_context(viewport={"width": 1280, "height": 900},
                                                accept_downloads=True)
            page = await context.new_page()
            await page.goto(base)
            await page.fill("input[name=username]", "clerk")
            await page.fill("input[name=password]", PASSWORD)
            await page.click("button[type=submit]")
            await page.wait_for_selector("text=申报材料（3）")
            await page.screenshot(path=str(ARTIFACTS / "staff-inbox-1280.png"), full_page=True)

            await page.click("text=张三")
            await page.click("text=接收材料")
            await page.wait_for_selector("text=已接收。")
            await page.click("summary")
            await page.check("input[value='doc:id_card']")
            await page.fill("textarea[name=note]", "身份证照片反光，请在光线好的地方重拍")
            await page.click("text=退回给申报人")
            await page.wait_for_selector(".status.returned")
            await page.screenshot(path=str(ARTIFACTS / "staff-packet-1280.png"),
                                  full_page=True)

            await page.goto(base)
            await page.click("text=李四")
            await page.click("text=接收材料")
            await page.click("button.ok:has-text('推荐')")
            await page.wait_for_selector(".status.recommended")

            await page.goto(base + f"rank/{FLEX}")
            async with page.expect_download() as info:
                await page.click("text=下载汇总表（Excel）")
            download = await info.value
            xlsx = Path(await download.path())
            sheet = load_workbook(io.BytesIO(xlsx.read_bytes())).active
            assert sheet is not None
            assert [c.value for c in sheet[4]] == ["1", "李四", "女", "1990年5月", "洛阳市洛龙区",
                                                   "新就业形态", "4103000001", "13800000000"]

            phone = await browser.new_context(viewport={"width": 360, "height": 740},
                                              device_scale_factor=2, is_mobile=True,
                                              storage_state=await context.storage_state())
            small = await phone.new_page()
            await small.goto(base)
            assert await small.evaluate("document.documentElement.scrollWidth") <= 360
            await small.screenshot(path=str(ARTIFACTS / "staff-inbox-360.png"), full_page=True)
            await small.click("text=张三")
            await small.wait_for_selector("text=办理记录")
            assert await small.evaluate("document.documentElement.scrollWidth") <= 360
            await small.screenshot(path=str(ARTIFACTS / "staff-packet-360.png"),
                                   full_page=True)
        finally:
            await browser.close()
    async with board.app[SESSIONS]() as session:
        state = (await load_dialog(session, board.applicants["a"])).state
    assert state["application"]["office_note"] == "身份证照片反光，请在光线好的地方重拍"
