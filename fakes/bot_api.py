"""A fake Bot API server on 127.0.0.1 for the real aiogram `Bot`.

The fake records every call (method and form fields) and can be told to answer the next
sendMessage calls as the Bot API fails (`fail_next`, built with the helpers below: 429 with
`retry_after`, 403 "bot was blocked by the user", 5xx, a proxy's HTML 502, a stalled request).
getUpdates serves `updates` from the requested offset on, as Telegram does until an offset
confirms them.
"""

from __future__ import annotations

import asyncio
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

TOKEN = "123456:TEST-token"
SECRET = "webhook-secret-for-tests"


def too_many_requests(retry_after: int) -> dict[str, Any]:
    """Flood control. Bot API, "Making requests" and "ResponseParameters": an unsuccessful
    answer has ok false, error_code and description, and `parameters.retry_after` is "the
    number of seconds left to wait before the request can be repeated"."""
    return {"error_code": 429, "description": f"Too Many Requests: retry after {retry_after}",
            "parameters": {"retry_after": retry_after}}


BLOCKED = {"error_code": 403, "description": "Forbidden: bot was blocked by the user"}
"""Bot API, "Making requests": a 403 answer; the description Telegram gives when the user
blocked the bot (the message is not delivered)."""


def server_error(code: int = 500) -> dict[str, Any]:
    """Bot API, "Making requests": any failure is ok false with error_code and description;
    a 5xx means Telegram's side failed and the request may be repeated."""
    return {"error_code": code, "description": "Internal Server Error"}


BAD_GATEWAY = {"error_code": 502, "html": "<html><head><title>502 Bad Gateway</title></head>"
               "<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center>"
               "</body></html>"}
"""What api.telegram.org's nginx front answers while the Bot API behind it is down: a 502
with an HTML page, not the API's JSON (seen in the wild; the Bot API page documents only the
JSON answers)."""


def stalled(seconds: float) -> dict[str, Any]:
    """A request that hangs for `seconds` and then fails with 504 without delivering: what a
    client sees as a timeout."""
    return {"error_code": 504, "description": "Gateway Timeout", "stall": seconds}


@dataclass
class FakeBotApi:
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    fail_next: list[dict[str, Any]] = field(default_factory=list)
    accept_before_failing: int = 0
    """sendMessage calls still accepted before `fail_next` applies (a failure mid-way)."""
    message_id: int = 0
    files: dict[str, bytes] = field(default_factory=dict)
    """Downloadable files by file_id (getFile answers with `files/<file_id>` as the path)."""
    texts: defaultdict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    """The delivered messages' texts per chat, so a simulator can wait for an answer cheaply."""
    updates: list[dict[str, Any]] = field(default_factory=list)

    def app(self) -> web.Application:
        """The routes the Bot API and its file server serve, answered by this fake."""
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self.handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self.download)
        return app

    def sent(self, chat: int | None = None) -> list[dict[str, Any]]:
        return [data for method, data in self.calls if method == "sendMessage"
                and (chat is None or int(data["chat_id"]) == chat)]

    async def handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        data = dict(await request.post()) if request.content_type != "application/json" \
            else await request.json()
        if method == "sendMessage" and self.fail_next and self.accept_before_failing:
            self.accept_before_failing -= 1
        elif method == "sendMessage" and self.fail_next:
            failure = dict(self.fail_next.pop(0))
            self.calls.append(("sendMessage/failed", dict(data)))
            await asyncio.sleep(failure.pop("stall", 0))
            if "html" in failure:
                return web.Response(text=failure["html"], status=failure["error_code"],
                                    content_type="text/html")
            return web.json_response({"ok": False, **failure}, status=failure["error_code"])
        self.calls.append((method, dict(data)))
        if method == "sendMessage":
            self.message_id += 1
            self.texts[int(data["chat_id"])].append(str(data.get("text", "")))
            return web.json_response({"ok": True, "result": {
                "message_id": self.message_id, "date": 0, "text": data.get("text", ""),
                "chat": {"id": int(data["chat_id"]), "type": "private"}}})
        if method == "getFile":
            file_id = str(data["file_id"])
            if file_id not in self.files:
                return web.json_response({"ok": False, "error_code": 400,
                                          "description": "Bad Request: invalid file_id"},
                                         status=400)
            return web.json_response({"ok": True, "result": {
                "file_id": file_id, "file_unique_id": f"u{file_id}",
                "file_size": len(self.files[file_id]), "file_path": f"files/{file_id}"}})
        if method == "getUpdates":
            return web.json_response({"ok": True, "result": await self._updates(data)})
        if method == "getMe":
            return web.json_response({"ok": True, "result": {
                "id": 123456, "is_bot": True, "first_name": "awardbot"}})
        return web.json_response({"ok": True, "result": True})

    async def _updates(self, data: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(data.get("offset") or 0)
        waiting = [u for u in self.updates if u["update_id"] >= offset]
        if not waiting:
            await asyncio.sleep(0.05)  # a short long poll: no busy loop, no slow test
        return waiting

    async def download(self, request: web.Request) -> web.Response:
        """GET /file/bot<token>/files/<file_id>: the bytes, as Telegram's file server does."""
        self.calls.append(("download", {"path": request.match_info["path"]}))
        return web.Response(body=self.files[request.match_info["path"].removeprefix("files/")])


def keyboard(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(callback_data, label) of every inline button in a recorded sendMessage call."""
    markup = data.get("reply_markup")
    if not markup:
        return []
    rows = json.loads(markup)["inline_keyboard"]
    return [(b.get("callback_data", ""), b["text"]) for row in rows for b in row]


