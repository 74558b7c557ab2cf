"""The applicant page in headless Chromium at a phone's viewport (360×740): welcome to result.

Uses Debian's `chromium` through Playwright's `executable_path`; skipped, saying why, where it
is not installed. The screenshot lands in var/test-artifacts/ for people to look at.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from aiohttp.test_utils import TestServer

from bot.app import create_app
from bot.config import Settings

if TYPE_CHECKING:
    from playwright.async_api import Locator, Page

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[3] / "var" / "test-artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() or shutil.which("chromium") is None,
    reason=f"{CHROMIUM} is not installed (Debian package `chromium`); the browser test needs it")


async def turn(page: Page, button: Locator) -> None:
    """Tap and wait for the next page state, whether it arrives by fetch or by reload."""
    before = await page.input_value("footer input[name=msg]")
    await button.click()
    await page.wait_for_function(
        "v => { const m = document.querySelector('footer input[name=msg]');"
        " return m && m.value !== v; }", arg=before)


async def test_a_phone_screening_from_welcome_to_result_in_chromium(tmp_path: Path) -> None:
    from playwright.async_api import async_playwright

    settings = Settings(data_dir=tmp_path, secret_key="test secret for the browser test",
                        database_url=f"sqlite+aiosqlite:///{tmp_path / 'awardbot.db'}")
    server = TestServer(create_app(settings, clock=lambda: dt.date(2024, 1, 3)),
                        host="127.0.0.1")
    await server.start_server()
    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            try:
                page = await browser.new_page(viewport={"width": 360, "height": 740},
                                              device_scale_factor=2, is_mobile=True)
                await page.goto(str(server.make_url("/")))
                await turn(page, page.locator("button[value=agree]"))
                for place in ("河南", "洛阳", "洛龙"):
                    await page.fill("input[name=text]", place)
                    await turn(page, page.locator("footer button"))
                for _ in range(40):
                    if await page.locator("text=结果出来了").count():
                        break
                    buttons = page.locator(".options button:not([value=back])")
                    unknown = page.locator(".options button[value=unknown]")
                    await turn(page, unknown if await unknown.count() else buttons.first)
                assert await page.locator("text=结果出来了").count() == 1
                width = await page.evaluate("document.documentElement.scrollWidth")
                assert width <= 360
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                await page.screenshot(path=str(ARTIFACTS / "web-screening-360x740.png"))
            finally:
                await browser.close()
    finally:
        await server.close()


async def test_an_answer_sent_while_the_last_is_on_its_way_goes_out_after_it(
        tmp_path: Path) -> None:
    """On a slow phone people type ahead: the second answer is neither ignored nor wiped."""
    from playwright.async_api import Route, async_playwright

    settings = Settings(data_dir=tmp_path, secret_key="test secret for the browser test",
                        database_url=f"sqlite+aiosqlite:///{tmp_path / 'awardbot.db'}")
    server = TestServer(create_app(settings, clock=lambda: dt.date(2024, 1, 3)),
                        host="127.0.0.1")
    await server.start_server()

    async def slow(route: Route) -> None:
        await asyncio.sleep(0.8)
        await route.continue_()

    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            try:
                page = await browser.new_page(viewport={"width": 360, "height": 740},
                                              is_mobile=True)
                await page.goto(str(server.make_url("/")))
                await turn(page, page.locator("button[value=agree]"))
                await page.route("**/send", slow)
                await page.fill("input[name=text]", "河南")
                await page.press("input[name=text]", "Enter")
                await page.fill("input[name=text]", "洛阳")
                await page.press("input[name=text]", "Enter")
                await page.wait_for_selector("text=好的：河南省 洛阳市。", timeout=15_000)
                assert await page.input_value("input[name=text]") == ""
            finally:
                await browser.close()
    finally:
        await server.close()
