"""The customer-service sender: what did not fit in the passive reply goes out from here.

wechatpy's client is synchronous (requests), so each call runs in a worker thread with a
timeout and the event loop never blocks on WeChat. Messages for one person are sent in the
order they were queued; a failed send is logged and the next one proceeds, so one bad call
cannot stall everybody behind it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from wechatpy import WeChatClient

log = logging.getLogger(__name__)
SEND_TIMEOUT = 10.0


class ApiClient(WeChatClient):
    """wechatpy's client with a configurable API base (its token URL is hard-coded) and an
    access token that comes from `token_source` (the database-shared token) when one is set.

    `token_source(rejected)` is called from worker threads; `rejected` is the token WeChat just
    refused (errcode 40001), so it is replaced only once however many threads saw it fail.
    """

    def __init__(self, app_id: str, secret: str, api_base: str, timeout: float = 5.0) -> None:
        super().__init__(app_id, secret, timeout=timeout)
        self.API_BASE_URL = api_base.rstrip("/") + "/cgi-bin/"
        self.token_source: Callable[[str | None], str] | None = None

    def request_token(self) -> tuple[str, int]:
        """Ask WeChat for a new token (the only place that does): (token, seconds valid)."""
        result = self._fetch_access_token(
            url=self.API_BASE_URL + "token",
            params={"grant_type": "client_credential", "appid": self.appid,
                    "secret": self.secret})
        return str(result["access_token"]), int(result.get("expires_in", 7200))

    def fetch_access_token(self) -> dict[str, Any]:
        rejected = self.session.get(self.access_token_key)
        token = self._from_source(rejected)
        return {"access_token": token}

    @property
    def access_token(self) -> str:
        return self._from_source(None)

    def _from_source(self, rejected: str | None) -> str:
        if self.token_source is None:
            token, _seconds = self.request_token()
        else:
            token = self.token_source(rejected)
        self.session.set(self.access_token_key, token)
        return token


class WeChatSender:
    """A queue of (openid, text) drained by one background task."""

    def __init__(self, send: Callable[[str, str], Any], timeout: float = SEND_TIMEOUT) -> None:
        self._send = send
        self._timeout = timeout
        self._queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
        self.sent: int = 0

    def enqueue(self, openid: str, texts: list[str]) -> None:
        for text in texts:
            self._queue.put_nowait((openid, text))

    async def run(self) -> None:
        """Send forever (the app's cleanup context cancels it)."""
        while True:
            openid, text = await self._queue.get()
            try:
                await asyncio.wait_for(asyncio.to_thread(self._send, openid, text),
                                       self._timeout)
                self.sent += 1
            except Exception:
                log.exception("wechat: a customer-service message could not be sent")
            finally:
                self._queue.task_done()

    async def drain(self) -> None:
        """Wait until everything queued so far has been attempted (tests, shutdown)."""
        await self._queue.join()
