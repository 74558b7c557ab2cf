"""Signed (and encrypted) WeChat XML for the real `/wechat` view, and a fake WeChat API.

The fake serves `/cgi-bin/token`, `/cgi-bin/message/custom/send` and
`/cgi-bin/message/template/send` on 127.0.0.1 and records every customer-service and template
message, so a test sees everything the applicant would. It fails as WeChat does when told to
(`fail_next`, `outside_window`, `unfollowed`, `reject_every_token`), with the errcode and the
errmsg WeChat gives (全局返回码说明, and 客服消息 for the window).
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import json
import secrets
import time
import xml.etree.ElementTree as ElementTree
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import xmltodict
from aiohttp import web
from wechatpy.crypto import WeChatCrypto

TOKEN = "wechat-test-token"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
OLD_AES_KEY = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFG"
APP_ID = "wx1234567890abcdef"
ACCOUNT = "gh_awardbot"
_ids = itertools.count(5000)
MAX_TEXT_BYTES = 2048
"""客服消息 “发送文本消息”: a longer text is refused with errcode 45002 “content size out of
limit” (the figure is the one WeChat's open community gives; the page states none)."""


SYSTEM_BUSY = {"errcode": -1, "errmsg": "system error"}
"""全局返回码说明: -1 系统繁忙，此时请开发者稍候再试."""
INVALID_CREDENTIAL = {"errcode": 40001, "errmsg": "invalid credential, access_token is invalid "
                      "or not latest"}
"""全局返回码说明: 40001 获取 access_token 时 AppSecret 错误，或者 access_token 无效."""
TOKEN_EXPIRED = {"errcode": 42001, "errmsg": "access_token expired"}
"""全局返回码说明: 42001 access_token 超时."""
OUTSIDE_WINDOW = {"errcode": 45015, "errmsg": "response out of time limit or subscription is "
                  "canceled"}
"""客服消息 / 全局返回码说明: 45015 回复时间超过限制 (more than 48 hours since the user's last
message)."""


@dataclass
class FakeWeChatApi:
    tokens_issued: int = 0
    messages: list[dict[str, Any]] = field(default_factory=list)
    revoked: set[str] = field(default_factory=set)
    menus: list[dict[str, Any]] = field(default_factory=list)
    media: dict[str, bytes] = field(default_factory=dict)
    downloads: list[str] = field(default_factory=list)
    per_user: defaultdict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Customer-service texts per openid, so a simulator can wait for an answer cheaply."""
    templates: list[dict[str, Any]] = field(default_factory=list)
    media_delay: float = 0.0
    """Seconds media/get takes before answering (a slow network)."""
    unfollowed: set[str] = field(default_factory=set)
    """OpenIDs that unfollowed the account: sending to them answers errcode 43004."""
    outside_window: set[str] = field(default_factory=set)
    """OpenIDs whose last message is more than 48 hours old: a customer-service message to
    them answers 45015 (客服消息: only within 48 hours of the user's last interaction)."""
    fail_next: list[dict[str, Any]] = field(default_factory=list)
    """Answers for the next sends (customer-service or template): an errcode answer such as
    `SYSTEM_BUSY`, or `{"status": 500}` for an HTTP error without WeChat's JSON."""
    invalid_openids: set[str] = field(default_factory=set)
    """Strings that are no OpenID of this account: sending to them answers 40003."""
    reject_every_token: bool = False
    """Every token is refused with 40001 (a reset AppSecret): sends never succeed."""

    def app(self) -> web.Application:
        """The routes WeChat's API serves, answered by this fake."""
        app = web.Application()
        app.router.add_get("/cgi-bin/token", self.token)
        app.router.add_post("/cgi-bin/message/custom/send", self.send)
        app.router.add_post("/cgi-bin/message/template/send", self.template)
        app.router.add_post("/cgi-bin/menu/create", self.menu)
        app.router.add_get("/cgi-bin/media/get", self.media_get)
        return app

    def texts(self, openid: str) -> list[str]:
        return [m["text"]["content"] for m in self.messages if m["touser"] == openid]

    async def token(self, request: web.Request) -> web.Response:
        self.tokens_issued += 1
        return web.json_response({"access_token": f"T{self.tokens_issued}", "expires_in": 7200})

    async def menu(self, request: web.Request) -> web.Response:
        self.menus.append(json.loads(await request.read()))
        return web.json_response({"errcode": 0, "errmsg": "ok"})

    async def media_get(self, request: web.Request) -> web.Response:
        """GET /cgi-bin/media/get: the bytes, or WeChat's JSON error for an unknown MediaId."""
        media_id = request.query.get("media_id", "")
        self.downloads.append(media_id)
        await asyncio.sleep(self.media_delay)
        if media_id not in self.media:
            return web.json_response({"errcode": 40007, "errmsg": "invalid media_id"})
        return web.Response(body=self.media[media_id], content_type="image/jpeg")

    def _refusal(self, request: web.Request, touser: str) -> web.Response | None:
        """The failure answer this send gets, if any (全局返回码说明 for each code)."""
        if self.fail_next:
            failure = self.fail_next.pop(0)
            if "status" in failure:
                return web.Response(status=failure["status"], text="Internal Server Error")
            return web.json_response(failure)
        token = request.query.get("access_token")
        if self.reject_every_token or token in self.revoked:
            return web.json_response(INVALID_CREDENTIAL)
        if touser in self.unfollowed:
            return web.json_response({"errcode": 43004, "errmsg": "require subscribe"})
        if touser in self.invalid_openids:
            # 全局返回码说明: 40003 不合法的 OpenID (not a follower's OpenID of this account).
            return web.json_response({"errcode": 40003, "errmsg": "invalid openid"})
        return None

    async def send(self, request: web.Request) -> web.Response:
        message = json.loads(await request.read())
        refusal = self._refusal(request, message["touser"])
        if refusal is not None:
            return refusal
        if message["touser"] in self.outside_window:
            return web.json_response(OUTSIDE_WINDOW)
        content = message.get("text", {}).get("content", "")
        if len(content.encode("utf-8")) > MAX_TEXT_BYTES:
            return web.json_response({"errcode": 45002, "errmsg": "content size out of limit"})
        self.messages.append(message)
        self.per_user[message["touser"]].append(message["text"]["content"])
        return web.json_response({"errcode": 0, "errmsg": "ok"})

    async def template(self, request: web.Request) -> web.Response:
        """POST /cgi-bin/message/template/send: record the template message (模板消息 have no
        48-hour window, but need a follower)."""
        message = json.loads(await request.read())
        refusal = self._refusal(request, message["touser"])
        if refusal is not None:
            return refusal
        self.templates.append(message)
        return web.json_response({"errcode": 0, "errmsg": "ok", "msgid": len(self.templates)})


def signature(*parts: str) -> str:
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()


def cdata(value: str) -> str:
    """`value` as CDATA, split around `]]>` as any XML writer must (W3C XML 1.0, 2.7)."""
    return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def text_xml(openid: str, content: str, msg_id: int | None = None) -> str:
    mid = next(_ids) if msg_id is None else msg_id
    return (f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>"
            f"<FromUserName><![CDATA[{openid}]]></FromUserName>"
            f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
            f"<Content>{cdata(content)}</Content><MsgId>{mid}</MsgId></xml>")


def image_xml(openid: str, media_id: str, msg_id: int | None = None) -> str:
    mid = next(_ids) if msg_id is None else msg_id
    return (f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>"
            f"<FromUserName><![CDATA[{openid}]]></FromUserName>"
            f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[image]]></MsgType>"
            f"<PicUrl><![CDATA[http://127.0.0.1/pic/{media_id}]]></PicUrl>"
            f"<MediaId><![CDATA[{media_id}]]></MediaId><MsgId>{mid}</MsgId></xml>")


def event_xml(openid: str, event: str, created: int = 1700000000) -> str:
    return (f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>"
            f"<FromUserName><![CDATA[{openid}]]></FromUserName>"
            f"<CreateTime>{created}</CreateTime><MsgType><![CDATA[event]]></MsgType>"
            f"<Event><![CDATA[{event}]]></Event></xml>")


def fresh_nonce() -> str:
    """A nonce as WeChat sends it: a new random number for every request."""
    return str(secrets.randbelow(10**10))


def plain_query(nonce: str | None = None, timestamp: int | None = None) -> dict[str, str]:
    """The signed query of a plaintext (明文模式) post."""
    nonce = fresh_nonce() if nonce is None else nonce
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    return {"signature": signature(TOKEN, timestamp, nonce), "timestamp": timestamp,
            "nonce": nonce}


def encrypted(xml: str, key: str = AES_KEY, nonce: str | None = None
              ) -> tuple[dict[str, str], str]:
    """The query and body WeChat posts in safe mode for the plaintext `xml`."""
    nonce = fresh_nonce() if nonce is None else nonce
    timestamp = str(int(time.time()))
    sealed = WeChatCrypto(TOKEN, key, APP_ID).encrypt_message(xml, nonce, timestamp)
    encrypt = sealed.split("<Encrypt><![CDATA[")[1].split("]]>")[0]
    query = {"signature": signature(TOKEN, timestamp, nonce), "timestamp": timestamp,
             "nonce": nonce, "encrypt_type": "aes",
             "msg_signature": signature(TOKEN, timestamp, nonce, encrypt)}
    return query, f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>" \
        f"<Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>"


def reply_content(body: str, key: str | None = None, query: dict[str, str] | None = None
                  ) -> str:
    """The text of a passive reply (decrypted in safe mode); "success" stays as it is."""
    if body == "success":
        return body
    if key is not None and query is not None:
        msg = xmltodict.parse(body)["xml"]
        body = WeChatCrypto(TOKEN, key, APP_ID).decrypt_message(
            body, msg["MsgSignature"], msg["TimeStamp"], msg["Nonce"])
    return passive_text(body)


REPLY_TEXT_ELEMENTS = ["ToUserName", "FromUserName", "CreateTime", "MsgType", "Content"]


def passive_text(xml: str) -> str:
    """The Content of a plaintext passive text reply, read as WeChat reads it. A reply that is
    not a well-formed text reply with each element once is “异常数据”, for which WeChat shows
    the follower “该公众号暂时无法提供服务，请稍后再试” (被动回复用户消息, the note on replies
    WeChat cannot use; “回复文本消息” lists the elements)."""
    root = ElementTree.fromstring(xml)
    names = sorted(child.tag for child in root)
    if root.tag != "xml" or names != sorted(REPLY_TEXT_ELEMENTS) \
            or root.findtext("MsgType") != "text":
        raise ValueError(f"WeChat would refuse this passive reply: {xml[:200]!r}")
    return root.findtext("Content") or ""
