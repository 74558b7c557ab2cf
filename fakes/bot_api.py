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
BOT_USERNAME = "awardbot_test_bot"
"""getMe answers with the bot's username (Bot API, “User”: bots always have one)."""


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
    webhook_url: str = ""
    """Set by setWebhook, cleared by deleteWebhook; getUpdates is refused while it is set."""
    other_poller: bool = False
    """Another process polls with this token: getUpdates answers 409 until it stops."""

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
                "chat": {"id": int(data["chat_id"]), "type": chat_type(int(data["chat_id"]))}}})
        if method == "getFile":
            file_id = str(data["file_id"])
            if file_id not in self.files:
                return web.json_response({"ok": False, "error_code": 400,
                                          "description": "Bad Request: invalid file_id"},
                                         status=400)
            return web.json_response({"ok": True, "result": {
                "file_id": file_id, "file_unique_id": f"u{file_id}",
                "file_size": len(self.files[file_id]), "file_path": f"files/{file_id}"}})
        if method == "setWebhook":
            self.webhook_url = str(data.get("url", ""))
        if method == "deleteWebhook":
            self.webhook_url = ""
        if method == "getUpdates":
            conflict = self._conflict()
            if conflict:
                return error(409, f"Conflict: {conflict}")
            return web.json_response({"ok": True, "result": await self._updates(data)})
        if method == "getMe":
            return web.json_response({"ok": True, "result": {
                "id": 123456, "is_bot": True, "first_name": "awardbot",
                "username": BOT_USERNAME}})
        return web.json_response({"ok": True, "result": True})

    def _conflict(self) -> str:
        """getUpdates “will not work if an outgoing webhook is set up” (Bot API, getUpdates),
        and one poller at a time: the Bot API's own descriptions of both 409s."""
        if self.webhook_url:
            return ("can't use getUpdates method while webhook is active; use deleteWebhook "
                    "to delete the webhook first")
        if self.other_poller:
            return ("terminated by other getUpdates request; make sure that only one bot "
                    "instance is running")
        return ""

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


def error(code: int, description: str, retry_after: int | None = None) -> web.Response:
    """An unsuccessful answer as the Bot API gives it (“Making requests”: `ok` false, an
    `error_code`, a `description`, and `parameters.retry_after` for flood control)."""
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    return web.json_response(body, status=code)


def chat_type(chat_id: int) -> str:
    """A chat's type from its id: a user's private chat has the user's (positive) id, groups
    negative ids, supergroups and channels ids starting with -100 (Bot API, “Chat”: the id
    “may have more than 32 significant bits”; the -100 prefix is how the Bot API writes them)."""
    if chat_id > 0:
        return "private"
    return "supergroup" if str(chat_id).startswith("-100") else "group"


def keyboard(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(option key, label) of every inline button in a recorded sendMessage call; the key is
    the last field of the button's versioned callback data (`handlers.telegram.buttons`)."""
    return [(raw.rsplit("|", 1)[-1], label) for raw, label in _buttons(data)]


def callbacks(data: dict[str, Any]) -> dict[str, str]:
    """Each option key's callback data as sent, to tap it as Telegram would."""
    return {raw.rsplit("|", 1)[-1]: raw for raw, _label in _buttons(data)}


def _buttons(data: dict[str, Any]) -> list[tuple[str, str]]:
    markup = data.get("reply_markup")
    if not markup:
        return []
    rows = json.loads(markup)["inline_keyboard"]
    return [(b.get("callback_data", ""), b["text"]) for row in rows for b in row]


