"""The application on the phone page in headless Chromium at 360×740: a multi-select answered
with checkboxes and 确定, an upload on a slow connection showing its progress while a tap on
传完了 waits for it, and a closed round that offers the next round and a question instead of
提交. Screenshots land in var/test-artifacts/. The conversation up to each scene is sent through
the conversation itself (fast), the scene is played in the browser."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from aiohttp.test_utils import TestServer

from bot.app import create_app
from bot.config import Settings
from bot.conversation import Message
from bot.db import store
from bot.runtime import CONVERSATION, SESSIONS
from tests.bot.services import samples
from tests.dialogs.transcript import FOLDER
from tests.handlers.web.test_browser import ARGS, ARTIFACTS, CHROMIUM, pytestmark  # noqa: F401

if TYPE_CHECKING:
    from playwright.async_api import Page


def _steps(name: str) -> list[dict[str, Any]]:
    return yaml.safe_load((FOLDER / f"{name}.yaml").read_text(encoding="utf-8"))["steps"]


async def _drive(server: TestServer, token: str, steps: list[dict[str, Any]],
                 scene: str = "a") -> None:
    conversation = server.app[CONVERSATION]
    await conversation.handle(Message("web", token, "open", kind="command", command="start"))
    for number, step in enumerate(steps):
        kind = "choice" if "choose" in step else "text"
        await conversation.handle(Message("web", token, f"{scene}{number}", kind=kind,
                                          choice=step.get("choose"),
                                          text=str(step.get("send", ""))))


async def _state(server: TestServer, token: str) -> dict[str, Any]:
    async with server.app[SESSIONS]() as session:
        who = await store.applicant_of(session, "web", token)
        assert who is not None
        return (await store.load_dialog(session, who)).state


async def _serve(tmp_path: Path, day: dt.date) -> TestServer:
    settings = Settings(data_dir=tmp_path, secret_key="test secret for the browser test",
                        database_url=f"sqlite+aiosqlite:///{tmp_path / 'awardbot.db'}")
    server = TestServer(create_app(settings, clock=lambda: day), host="127.0.0.1")
    await server.start_server()
    return server


async def _token(page: Page) -> str:
    cookie = next(c for c in await page.context.cookies() if c["name"] == "awardbot_id")
    return cookie["value"].split(".")[0]


async def _tap(page: Page, selector: str) -> None:
    before = await page.input_value("footer input[name=msg]")
    await page.locator(selector).first.click()
    await page.wait_for_function(
        "v => { const m = document.querySelector('footer input[name=msg]');"
        " return m && m.value !== v; }", arg=before, timeout=20_000)


async def _tall_enough(page: Page, selector: str) -> None:
    box = await page.locator(selector).first.bounding_box()
    assert box is not None and box["height"] >= 44, f"{selector} is {box} tall"


async def test_multi_select_and_an_upload_with_progress_on_the_phone(tmp_path: Path) -> None:
    from playwright.async_api import async_playwright

    server = await _serve(tmp_path, dt.date(2019, 7, 1))
    steps = _steps("application_jinzhong")
    ask_achievements = 14
    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            try:
                page = await browser.new_page(viewport={"width": 360, "height": 740},
                                              is_mobile=True)
                await page.goto(str(server.make_url("/")))
                token = await _token(page)
                await _drive(server, token, steps[1:ask_achievements])
                await page.reload()
                assert "数字" not in await page.locator(".row.bot").last.inner_text(), \
                    "checkboxes on the web: the prompt says nothing about typing numbers"
                boxes = page.locator(".picks input[type=checkbox]")
                assert await boxes.count() >= 3
                await _tall_enough(page, ".picks label")
                await boxes.nth(0).check()
                await boxes.nth(2).check()
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                await page.screenshot(path=str(ARTIFACTS / "web-multi-select-360x740.png"))
                await _tap(page, ".picks button.confirm")
                assert await page.locator("text=结果出来了").count() == 1
                answers = (await _state(server, token))["answers"]
                assert len(answers["achievements"]) == 2
                await _tap(page, "button[value='apply:jinzhong-craftsman']")
                first_doc = next(i for i, s in enumerate(steps) if "upload" in s)
                await _drive(server, token, steps[ask_achievements + 2:first_doc], "b")
                await page.reload()
                await _tall_enough(page, ".upload .pick-file")
                assert "每个文件不超过 20 MB" in await page.inner_text(".upload")
                small = tmp_path / "page1.jpg"
                small.write_bytes(samples.jpeg((1200, 900)))
                await page.set_input_files(".upload input[type=file]", str(small))
                await _tap(page, ".upload button")
                assert await page.locator("text=已收到第 1 张/页").count() >= 1
                big = tmp_path / "page2.jpg"
                big.write_bytes(samples.noisy_jpeg())
                cdp = await page.context.new_cdp_session(page)
                await cdp.send("Network.emulateNetworkConditions", {
                    "offline": False, "latency": 20, "downloadThroughput": 4_000_000,
                    "uploadThroughput": 120_000})
                await page.set_input_files(".upload input[type=file]", str(big))
                before = await page.input_value("footer input[name=msg]")
                await page.locator(".upload button").click()
                await page.wait_for_function(
                    "() => { const p = document.querySelector('.upload progress');"
                    " return p && !p.hidden && p.value > 0 && p.value < 100; }",
                    timeout=20_000)
                await page.screenshot(path=str(ARTIFACTS / "web-upload-progress-360x740.png"))
                await page.locator("button[value=done]").click()
                await page.wait_for_function(
                    "v => { const m = document.querySelector('footer input[name=msg]');"
                    " return m && m.value !== v && !document.querySelector('.sending'); }",
                    arg=before, timeout=30_000)
                await page.wait_for_function(
                    "() => !document.querySelector('button[value=done]')", timeout=30_000)
                app = (await _state(server, token))["application"]
                item = next(v for v in app["items"].values() if v.get("files"))
                assert len(item["files"]) == 2 and item["status"] == "provided"
                assert app["cursor"] != "doc:" + next(k for k, v in app["items"].items()
                                                      if v.get("files"))
                width = await page.evaluate("document.documentElement.scrollWidth")
                assert width <= 360
            finally:
                await browser.close()
    finally:
        await server.close()


async def test_a_closed_round_offers_the_next_round_and_a_question_never_submit(
        tmp_path: Path) -> None:
    from playwright.async_api import async_playwright

    server = await _serve(tmp_path, dt.date(2019, 8, 15))
    steps = _steps("closed_round")
    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            try:
                page = await browser.new_page(viewport={"width": 360, "height": 740},
                                              is_mobile=True)
                await page.goto(str(server.make_url("/")))
                token = await _token(page)
                result = next(i for i, s in enumerate(steps) if "不能再申报" in str(
                    s.get("expect", "")))
                await _drive(server, token, steps[1:result + 1])
                await page.reload()
                body = await page.inner_text("main")
                assert "本期已截止（2019年7月31日），不能再申报" in body
                assert await page.locator("button[value^='apply:']").count() == 0
                assert await page.locator("button[value^='notify:']").count() == 1
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                await page.locator("button[value^='notify:']").scroll_into_view_if_needed()
                await page.screenshot(path=str(ARTIFACTS / "web-closed-round-360x740.png"))
                await _tap(page, "button[value^='ask_office:']")
                await page.fill("input[name=text]", "明年还评吗？")
                await _tap(page, "footer button")
                assert "已转给工作人员" in await page.inner_text("main")
                assert "已提交" not in await page.inner_text("main")
            finally:
                await browser.close()
    finally:
        await server.close()


async def test_resuming_on_another_phone_with_the_receipt_number_and_a_code(
        tmp_path: Path) -> None:
    import re

    from playwright.async_api import async_playwright

    from bot.runtime import FILES
    from bot.transcript import load_transcript
    from tests.bot.services import walk

    server = await _serve(tmp_path, walk.today_of("luoyang"))
    try:
        texts = await walk.play(server.app[CONVERSATION], "luoyang", server.app[FILES],
                                who="first-phone")
        receipt = re.search(r"[A-Z]{2}-\d{4}-\d{4}-[2-9A-HJ-NP-Z]{4}", "\n".join(texts))
        assert receipt is not None
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            try:
                page = await browser.new_page(viewport={"width": 360, "height": 740},
                                              is_mobile=True)
                await page.goto(str(server.make_url("/")))
                await _tap(page, "button[value=agree]")
                await page.fill("input[name=text]", receipt.group(0))
                await _tap(page, "footer button")
                assert "6位验证码" in await page.inner_text("main")
                async with server.app[SESSIONS]() as session:
                    old = await load_transcript(session, "web", "first-phone")
                code = re.search(r"验证码：(\d{6})", old[-1].reply[0].text)
                assert code is not None
                await page.fill("input[name=text]", code.group(1))
                await _tap(page, "footer button")
                assert "已找回您的申报" in await page.inner_text("main")
                await page.goto(str(server.make_url("/mine")))
                mine = await page.inner_text("main")
                assert receipt.group(0) in mine and "已提交" in mine
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                await page.screenshot(path=str(ARTIFACTS / "web-resumed-mine-360x740.png"))
            finally:
                await browser.close()
    finally:
        await server.close()
