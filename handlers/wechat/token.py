"""One WeChat access token for every process, kept in the database.

Each token fetch invalidates the previous token and the daily number of fetches is limited, so
workers must not refresh independently. The sync wechatpy client asks for the token from a
worker thread; the request is handed to the event loop, which reads (or refreshes, under the
row lock) the shared row, and the thread waits for the answer with a timeout.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from bot.db.channel_store import Sessions, shared_token
from handlers.wechat.sender import ApiClient

TOKEN_TIMEOUT = 15.0


class SharedToken:
    """Plugs the database-shared token into an `ApiClient` running on `loop`."""

    def __init__(self, client: ApiClient, sessions: Callable[[], Sessions],
                 loop: asyncio.AbstractEventLoop) -> None:
        self._client = client
        self._sessions = sessions
        self._loop = loop
        self.name = f"wechat:{client.appid}"

    def install(self) -> None:
        self._client.token_source = self.get

    def get(self, rejected: str | None) -> str:
        """The token, from a worker thread (never call it on the event loop: it would wait on
        itself)."""
        future = asyncio.run_coroutine_threadsafe(self.current(rejected), self._loop)
        return future.result(TOKEN_TIMEOUT)

    async def current(self, rejected: str | None = None) -> str:
        return await shared_token(self._sessions(), self.name, self._fetch, rejected=rejected)

    async def _fetch(self) -> tuple[str, int]:
        return await asyncio.wait_for(asyncio.to_thread(self._client.request_token),
                                      TOKEN_TIMEOUT)
