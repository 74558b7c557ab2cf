"""WeChat's HTTP API with aiohttp: the shared access token and one call with one retry.

wechatpy stays for what it is good at (crypto, parsing, passive replies); its client is
synchronous and, on errcode 40001, refetches the token and retries without limit, each retry a
real token fetch. Here a call is made on the event loop with a timeout and no thread, and a
token WeChat refuses (40001 invalid credential, 42001 expired, 40014 invalid token; 全局返回码
说明) is refreshed once and the call tried once more; whatever WeChat answers then is the
answer. The token itself is shared by every process through the database
(`channel_store.shared_token`: one refresh at a time, none inside a transaction).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aiohttp
from prometheus_client import Counter

from bot.db.channel_store import Sessions, shared_token

TOKEN_ERRORS = frozenset({40001, 40014, 42001})
TIMEOUT = 10.0
TOKEN_FETCHES = Counter("awardbot_token_fetches", "Access tokens fetched from a platform",
                        ["platform"])


class WeChatApiError(Exception):
    """A token fetch WeChat refused (wrong AppSecret, IP not whitelisted)."""

    def __init__(self, answer: dict[str, Any]) -> None:
        super().__init__(f"{answer.get('errcode')} {answer.get('errmsg', '')}")
        self.answer = answer


class WeChatApi:
    """Calls on `api_base` (WeChat, or a test's fake) for one official account."""

    def __init__(self, app_id: str, secret: str, api_base: str,
                 sessions: Callable[[], Sessions], *, timeout: float = TIMEOUT) -> None:
        self.app_id = app_id
        self._secret = secret
        self._base = api_base.rstrip("/") + "/cgi-bin/"
        self._sessions = sessions
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._http: aiohttp.ClientSession | None = None
        self.name = f"wechat:{app_id}"

    def _client(self) -> aiohttp.ClientSession:
        if self._http is None or self._http.closed:
            self._http = aiohttp.ClientSession(timeout=self._timeout)
        return self._http

    async def close(self) -> None:
        if self._http is not None:
            await self._http.close()

    async def token(self, rejected: str | None = None) -> str:
        return await shared_token(self._sessions(), self.name, self._fetch, rejected=rejected)

    async def _fetch(self) -> tuple[str, int]:
        """GET /cgi-bin/token (获取Access token): the only place a token is fetched."""
        TOKEN_FETCHES.labels("wechat").inc()
        async with self._client().get(self._base + "token", params={
                "grant_type": "client_credential", "appid": self.app_id,
                "secret": self._secret}) as response:
            response.raise_for_status()
            answer = await response.json(content_type=None)
        if "access_token" not in answer:
            raise WeChatApiError(answer)
        return str(answer["access_token"]), int(answer.get("expires_in", 7200))

    async def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """POST `body` to /cgi-bin/`path`; WeChat's JSON answer (errcode 0 is success). A
        refused token is refreshed once and the call repeated once. HTTP errors, timeouts and
        connection failures raise (aiohttp's exceptions, TimeoutError)."""
        token = await self.token()
        answer = await self._post(path, token, body)
        if answer.get("errcode") in TOKEN_ERRORS:
            answer = await self._post(path, await self.token(rejected=token), body)
        return answer

    async def _post(self, path: str, token: str, body: dict[str, Any]) -> dict[str, Any]:
        async with self._client().post(self._base + path, params={"access_token": token},
                                       json=body) as response:
            response.raise_for_status()
            answer = await response.json(content_type=None)
        return answer if isinstance(answer, dict) else {"errcode": -1, "errmsg": str(answer)}
