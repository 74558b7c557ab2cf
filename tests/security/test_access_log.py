"""Attack 1, the leak that enabled it: the access log of the real `awardbot serve` process.

A WeChat callback URL carries the signed triple and the follower's OpenID; a handoff link's
path carries a token naming the applicant. Neither may reach the log, yet every request still
gets its line (method, route, status)."""

from __future__ import annotations

from pathlib import Path

import aiohttp

from fakes.wechat import AES_KEY, APP_ID, TOKEN, encrypted, text_xml
from tests.bot.server_process import free_port, serve

OPENID = "oAbCdEf-follower-0001"


async def test_no_query_string_openid_or_token_is_logged(tmp_path: Path) -> None:
    port = free_port()
    env = {"AWARDBOT_WECHAT_TOKEN": TOKEN, "AWARDBOT_WECHAT_AES_KEY": AES_KEY,
           "AWARDBOT_WECHAT_APP_ID": APP_ID, "AWARDBOT_WECHAT_API_BASE": "http://127.0.0.1:9",
           "AWARDBOT_LOG_LEVEL": "INFO"}
    query, body = encrypted(text_xml(OPENID, "你好"))
    async with serve(tmp_path, port, env=env) as process:
        async with aiohttp.ClientSession() as client:
            base = f"http://127.0.0.1:{port}"
            async with client.post(f"{base}/wechat", params={**query, "openid": OPENID},
                                   data=body.encode()) as answer:
                assert answer.status == 200
            async with client.get(f"{base}/h/secret-token-{OPENID}") as answer:
                assert answer.status in (200, 404, 410)
            async with client.get(f"{base}/nowhere/110105194912310021") as answer:
                assert answer.status == 404
        process.terminate()
        process.wait(timeout=90)
        assert process.stderr is not None
        log = process.stderr.read().decode("utf-8", "replace")
    assert "POST /wechat 200" in log and "GET /h/{token}" in log
    for secret in (OPENID, query["signature"], query["msg_signature"], query["nonce"],
                   "secret-token", "110105194912310021"):
        assert secret not in log
