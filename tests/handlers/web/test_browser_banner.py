"""The demo-date banner (AWARDBOT_TODAY) stays on screen at 360×740 however far the page
scrolls: a clerk or an applicant rehearsing on a chosen day must never take it for today.

A whole application is played through the conversation (fast), then the page is opened in
headless Chromium: it scrolls to the newest message, and the banner must still be inside the
viewport and on top (the element at its centre is the banner, not a message bubble).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from aiohttp.test_utils import TestServer

from bot.app import create_app
from bot.config import Settings
from bot.runtime import CONVERSATION, FILES
from tests.bot.services import walk
from tests.handlers.web.test_browser import ARGS, ARTIFACTS, CHROMIUM, pytestmark  # noqa: F401
from tests.handlers.web.test_browser_application import _token

if TYPE_CHECKING:
    from playwright.async_api import Page

VIEWPORT = {"width": 360, "height": 740}


async def _banner_on_screen(page: Page) -> None:
    scrolled = await page.evaluate("window.scrollY")
    box = await page.locator(".banner").bounding_box()
    assert box is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= VIEWPORT["height"], (scrolled, box)
    on_top = await page.evaluate(
        "b => { const e = document.elementFromPoint(b.x + b.width / 2, b.y + b.height / 2);"
        " return !!(e && e.closest('.banner')); }", box)
    assert on_top, "something covers the banner"


async def test_the_demo_date_banner_stays_visible_on_a_long_page(tmp_path: Path) -> None:
    from playwright.async_api import async_playwright

    day = walk.today_of("luoyang")
    settings = Settings(data_dir=tmp_path, secret_key="test secret for the banner test",
                        database_url=f"sqlite+aiosqlite:///{tmp_path / 'awardbot.db'}",
                        today=day)
    server = TestServer(create_app(settings), host="127.0.0.1")
    await server.start_server()
    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            try:
                page = await browser.new_page(viewport=VIEWPORT, is_mobile=True)
                await page.goto(str(server.make_url("/")))
                await walk.play(server.app[CONVERSATION], "luoyang", server.app[FILES],
                                who=await _token(page))
                await page.reload()
                height = await page.evaluate("document.documentElement.scrollHeight")
                assert height > 3 * VIEWPORT["height"], "the page is long enough to scroll"
                await page.wait_for_function("window.scrollY > 0")
                assert f"{day.year}年{day.month}月{day.day}日" in await page.inner_text(".banner")
                await _banner_on_screen(page)
                await page.evaluate("scrollTo(0, document.documentElement.scrollHeight / 2)")
                await _banner_on_screen(page)
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                await page.screenshot(path=str(ARTIFACTS / "web-demo-banner-360x740.png"))
                await page.goto(str(server.make_url("/mine")))
                await page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
                await _banner_on_screen(page)
            finally:
                await browser.close()
    finally:
        await server.close()
