"""The chain in headless Chromium: a 河南灵活就业之星 packet and a 吉林农民工工作先进个人 packet
each climb county → city → province, the city returns each to the county once, and a decision is
undone with a reason; the county returns an item to the applicant, the list pages by keyboard,
the city exports 附件3. Screenshots at phone and desktop widths land in var/test-artifacts/."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from bot.db.store import load_dialog
from bot.runtime import SESSIONS
from bot.services import staff
from tests.handlers.web.staff.conftest import FLEX, PASSWORD, Dashboard, seed_packet

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[4] / "var" / "test-artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
JILIN = "jilin-migrant-worker-individual"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() or shutil.which("chromium") is None,
    reason=f"{CHROMIUM} is not installed (Debian package `chromium`); the browser test needs it")


async def _as(browser: Any, base: str, username: str, width: int = 1280) -> Any:
    context = await browser.new_context(viewport={"width": width, "height": 900},
                                        accept_downloads=True)
    page = await context.new_page()
    await page.goto(base + "login")
    await page.fill("input[name=username]", username)
    await page.fill("input[name=password]", PASSWORD)
    await page.click("button[type=submit]")
    await page.wait_for_selector("text=待本级办理的材料")
    return page


async def _open(page: Any, base: str, name: str) -> None:
    await page.goto(base)
    await page.click(f"a:has-text('{name}')")
    await page.wait_for_selector("text=本级办理")


async def _recommend(page: Any) -> None:
    await page.check("input[name=confirm_unchecked]")
    await page.click("button.ok")
    await page.wait_for_selector("[role=status]")


async def _return_to_county(page: Any, note: str) -> None:
    await page.click("summary:has-text('退回')")
    await page.fill("form[action$='/return'] textarea[name=note]", note)
    await page.click("form[action$='/return'] button.warn")
    await page.wait_for_selector("[role=status]")


async def _undo(page: Any, reason: str) -> None:
    await page.click("summary:has-text('撤销')")
    await page.fill("input[name=reason]", reason)
    await page.click("form[action$='/undo'] button")
    await page.wait_for_selector("text=已撤销")


async def _walk(browser: Any, base: str, name: str, county: str, city: str,
                province: str, shots: str) -> None:
    clerk = await _as(browser, base, county)
    await _open(clerk, base, name)
    await clerk.click("text=接收材料")
    await clerk.click("button.ok")
    await clerk.wait_for_selector("text=核查清单还有")
    await _recommend(clerk)
    reviewer = await _as(browser, base, city)
    await _open(reviewer, base, name)
    await reviewer.click("text=接收材料")
    await _return_to_county(reviewer, "县级推荐意见未填写，请补全后再报")
    await clerk.goto(clerk.url.split("?")[0])
    await clerk.wait_for_selector("text=上级退回：县级推荐意见未填写")
    await clerk.screenshot(path=str(ARTIFACTS / f"{shots}-county-returned.png"),
                           full_page=True)
    await _recommend(clerk)
    await _open(reviewer, base, name)
    await reviewer.click("text=接收材料")
    await _recommend(reviewer)
    await reviewer.screenshot(path=str(ARTIFACTS / f"{shots}-city.png"), full_page=True)
    top = await _as(browser, base, province)
    await _open(top, base, name)
    await top.click("text=接收材料")
    await _recommend(top)
    await _undo(top, "专家评审前先复核")
    await top.wait_for_selector("text=撤销推荐：专家评审前先复核")
    await _recommend(top)
    await top.wait_for_selector(".status.recommended")
    await top.screenshot(path=str(ARTIFACTS / f"{shots}-province.png"), full_page=True)


async def test_two_packets_climb_the_chain_with_a_return_and_an_undo_in_chromium(
        board: Dashboard) -> None:
    from playwright.async_api import async_playwright

    async with board.app[SESSIONS].begin() as session:
        for username, office, role in (("jl_county", "吉林省/长春市/朝阳区", "office"),
                                       ("jl_city", "吉林省/长春市", "reviewer"),
                                       ("jl_root", "吉林省", "admin")):
            await staff.create_account(session, username, office, role, password=PASSWORD,
                                       display_name=f"{username}经办")
    await seed_packet(board, "j", "吉林农民工", "吉林省/长春市/朝阳区", programme=JILIN)
    base = str(board.client.make_url("/staff/"))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            await _walk(browser, base, "张三", "clerk", "city", "root", "chain-henan")
            await _walk(browser, base, "吉林农民工", "jl_county", "jl_city", "jl_root",
                        "chain-jilin")

            city = await _as(browser, base, "city")
            await city.goto(base + f"rank/{FLEX}")
            async with city.expect_download() as info:
                await city.click("text=下载本级汇总表（Excel）")
            sheet = load_workbook(io.BytesIO(Path(await (await info.value).path())
                                             .read_bytes())).active
            assert sheet is not None
            assert [c.value for c in sheet[4]][:2] == ["1", "张三"]

            clerk = await _as(browser, base, "clerk")
            await clerk.goto(base + "?sort=old")
            await clerk.click("a:has-text('李四')")
            await clerk.wait_for_selector("text=本级办理")
            await clerk.keyboard.press("ArrowRight")
            await clerk.wait_for_selector("h1:has-text('王五')")
            await clerk.click("text=接收材料")
            await clerk.click("summary:has-text('退回申报人')")
            await clerk.check("input[value='doc:id_card']")
            await clerk.fill("form[action$='/return'] textarea[name=note]",
                             "身份证照片反光，请在光线好的地方重拍")
            await clerk.click("form[action$='/return'] button.warn")
            await clerk.wait_for_selector(".status.returned")

            phone = await _as(browser, base, "clerk", width=360)
            assert await phone.evaluate("document.documentElement.scrollWidth") <= 360
            await phone.screenshot(path=str(ARTIFACTS / "staff-inbox-360.png"),
                                   full_page=True)
            await _open(phone, base, "张三")
            assert await phone.evaluate("document.documentElement.scrollWidth") <= 360
            await phone.screenshot(path=str(ARTIFACTS / "staff-packet-360.png"),
                                   full_page=True)
        finally:
            await browser.close()
    async with board.app[SESSIONS]() as session:
        state = (await load_dialog(session, board.applicants["c"])).state
    assert state["application"]["office_note"] == "身份证照片反光，请在光线好的地方重拍"
