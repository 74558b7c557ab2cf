"""A return reaches the applicant on their own channel, in their language: the real aiogram
Bot sends it to a fake Bot API server on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.config import Settings
from handlers.telegram import CHANNEL
from tests.handlers.telegram.tg_fakes import SECRET, TOKEN, FakeBotApi
from tests.handlers.web.staff.conftest import LUOLONG, as_user, open_board, page_csrf, seed_packet
from tests.outbox_wait import delivered


async def test_a_returned_packet_is_announced_to_an_english_telegram_applicant(
        tmp_path: Path) -> None:
    fake = FakeBotApi()
    api = web.Application()
    api.router.add_post("/bot{token}/{method}", fake.handle)
    api_server = TestServer(api, host="127.0.0.1")
    await api_server.start_server()
    settings = Settings(data_dir=tmp_path, secret_key="test secret for the staff dashboard",
                        database_url=f"sqlite+aiosqlite:///{tmp_path / 'awardbot.db'}",
                        telegram_token=TOKEN, telegram_webhook_secret=SECRET,
                        telegram_api_base=str(api_server.make_url("")).rstrip("/"))
    board = await open_board(tmp_path, settings)
    try:
        channel = board.app[CHANNEL]
        channel.pacer = channel.make_pacer(per_second=10_000, per_chat_interval=0)
        receipt = await seed_packet(board, "t", "Li Lei", LUOLONG, channel="telegram",
                                    external_id="4242", locale="en")
        await as_user(board.client, "clerk")
        _, token = await page_csrf(board.client, f"/staff/p/{receipt}")
        response = await board.client.post(f"/staff/p/{receipt}/return", data=[
            ("csrf", token), ("note", "请重新上传身份证背面"), ("items", "doc:id_card")],
            allow_redirects=False)
        assert response.status == 303
        await channel.pacer.join()
        await delivered(board.app)
        sent = fake.sent(4242)
        assert len(sent) == 1
        assert "The office returned your application" in sent[0]["text"]
        assert "请重新上传身份证背面" in sent[0]["text"]
        assert receipt in sent[0]["text"]
    finally:
        await board.client.close()
        await api_server.close()
