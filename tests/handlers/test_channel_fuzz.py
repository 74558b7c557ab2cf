"""Hypothesis throws random XML, JSON, bytes and headers at `/wechat` and `/telegram/webhook`:
whatever arrives, the answer is never a 5xx.

The app runs on its own event loop in a thread so Hypothesis can drive it with plain blocking
requests; WeChat bodies carry a valid plaintext-mode signature (which covers the query, not the
body), so random XML gets past the signature and into parsing and the conversation.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiohttp import web
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app import create_app
from bot.config import Settings

TOKEN = "fuzz-token"
SECRET = "fuzz-secret"
FUZZ = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp: Path = tmp_path_factory.mktemp("fuzz")
    config = Settings(data_dir=tmp, secret_key="fuzz secret for channel tests",
                      database_url=f"sqlite+aiosqlite:///{tmp / 'awardbot.db'}",
                      telegram_token="1:fuzz", telegram_webhook_secret=SECRET,
                      telegram_api_base="http://127.0.0.1:9", wechat_token=TOKEN,
                      wechat_app_id="wxfuzz", wechat_api_base="http://127.0.0.1:9")
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    runner = web.AppRunner(create_app(config))

    async def start() -> None:
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()

    asyncio.run_coroutine_threadsafe(start(), loop).result(60)
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


def _status(url: str, body: bytes, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def _signed(path: str, timestamp: str, nonce: str) -> str:
    signature = hashlib.sha1("".join(sorted((TOKEN, timestamp, nonce))).encode()).hexdigest()
    return f"{path}?signature={signature}&timestamp={timestamp}&nonce={nonce}"


text = st.text(max_size=40)
names = st.sampled_from(["ToUserName", "FromUserName", "CreateTime", "MsgType", "Content",
                         "MsgId", "Event", "EventKey", "Recognition", "Encrypt", "x"])
elements = st.lists(st.tuples(names, text), max_size=8).map(
    lambda pairs: "".join(f"<{n}>{v}</{n}>" for n, v in pairs))
xml_bodies = st.one_of(
    elements.map(lambda inner: f"<xml>{inner}</xml>".encode("utf-8", "surrogatepass")),
    st.binary(max_size=200),
    text.map(lambda t: t.encode("utf-8", "surrogatepass")))
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(["update_id", "message", "callback_query", "text",
                                       "chat", "id", "from", "date", "data"]) | text,
                      children, max_size=5),
    max_leaves=12)
header_values = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126),
                        max_size=30)


@FUZZ
@given(body=xml_bodies, timestamp=st.integers(0, 2**40).map(str),
       nonce=st.text(alphabet="abcdef0123456789", max_size=10),
       encrypted=st.booleans())
def test_random_wechat_posts_never_get_a_5xx(base_url: str, body: bytes, timestamp: str,
                                              nonce: str, encrypted: bool) -> None:
    path = _signed("/wechat", timestamp, nonce) + ("&encrypt_type=aes" if encrypted else "")
    assert _status(base_url + path, body, {"Content-Type": "text/xml"}) < 500


@FUZZ
@given(payload=json_values, secret=st.sampled_from([SECRET, "", "wrong"]),
       content_type=header_values)
def test_random_telegram_updates_never_get_a_5xx(base_url: str, payload: object, secret: str,
                                                 content_type: str) -> None:
    body = json.dumps(payload).encode()
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret, "Content-Type": content_type}
    assert _status(base_url + "/telegram/webhook", body, headers) < 500


@FUZZ
@given(body=st.binary(max_size=300))
def test_random_bytes_with_the_right_secret_never_get_a_5xx(base_url: str, body: bytes) -> None:
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    assert _status(base_url + "/telegram/webhook", body, headers) < 500
