"""Delivering like a platform: refused connections and 5xx are sent again and counted."""

from __future__ import annotations

import aiohttp
from aiohttp import web

from benchmarks.cluster import free_port
from fakes.loopback import on_loopback
from soak.delivery import Tally, is_answer, until_acknowledged


async def test_a_request_is_sent_again_until_a_worker_acknowledges_it() -> None:
    answers = iter([502, 200])

    async def handle(request: web.Request) -> web.Response:
        return web.Response(status=next(answers), text="ok")

    app = web.Application()
    app.router.add_get("/", handle)
    tally = Tally()
    async with on_loopback(app) as live:
        dead = f"http://127.0.0.1:{free_port()}"

        async def send(base: str) -> tuple[int, str]:
            async with aiohttp.ClientSession() as client, client.get(f"{base}/") as answer:
                return answer.status, await answer.text()

        status, _ = await until_acknowledged([live, dead], tally, "telegram", send)
    assert status == 200
    assert tally.get("telegram", "5xx") == 1
    assert tally.get("telegram", "acknowledged") == 1
    assert tally.get("telegram", "requests") == 2 + tally.get(
        "telegram", "refused or cut (a worker down), sent again")


def test_an_answer_is_recognised_by_its_start_with_receipts_masked() -> None:
    expected = "已提交！回执编号：LS-2026-1123-AB12。材料已交给洛阳市洛龙区"
    got = "已提交！回执编号：LS-2026-1123-ZZ99。材料已交给洛阳市洛龙区（县级）"
    assert is_answer(got, expected)
    assert not is_answer("没有看懂您的选择，请回复选项前的数字。", expected)
    assert not is_answer("success", "请输入您的身份证号码")
