"""Checking what WeChat posts before anything parses it: size, DOCTYPE, signature, decryption.

WeChat signs every request with the account token; in safe mode the message itself is
AES-encrypted under the EncodingAESKey. During a key rotation WeChat may still encrypt with the
previous key for a while, so decryption tries the current key and then the previous one.
XML with a DOCTYPE is refused outright: no entity expansion, no external entities.

With an AES key configured, a post without `encrypt_type=aes` is refused: its body is signed by
nothing (the URL signature covers only token, timestamp and nonce), so one captured URL would
let anyone post any message as any follower. An account really in 兼容模式 says so with
`AWARDBOT_WECHAT_COMPAT_MODE`. A signed timestamp outside `bot.security.replay.WINDOW` is
refused in every mode.
"""

from __future__ import annotations

import re
import struct
import time
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass

from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException
from wechatpy.utils import check_signature

from bot.security.replay import fresh

MAX_BODY = 64 * 1024
_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


class Refused(Exception):
    """The request is refused with `status` before the conversation sees it."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


@dataclass(frozen=True)
class Keys:
    """The account's token, AES keys (current first) and AppID; no keys means plaintext.
    `compat` accepts plaintext posts beside encrypted ones (兼容模式)."""

    token: str
    aes_keys: tuple[str, ...] = ()
    app_id: str = ""
    compat: bool = False


def check_xml(body: bytes) -> ElementTree.Element:
    """Parse a small, DOCTYPE-free XML document with an `<xml>` root, or refuse it."""
    if len(body) > MAX_BODY:
        raise Refused(413, "body too large")
    if _DOCTYPE.search(body):
        raise Refused(400, "DOCTYPE or ENTITY in XML")
    try:
        root = ElementTree.fromstring(body)
    except (ElementTree.ParseError, ValueError) as error:
        raise Refused(400, "malformed XML") from error
    if root.tag != "xml":
        raise Refused(400, "root element is not <xml>")
    return root


def check_url_signature(keys: Keys, query: dict[str, str]) -> None:
    """The plain `signature` over token, timestamp and nonce (sent in both modes)."""
    try:
        check_signature(keys.token, query.get("signature", ""), query.get("timestamp", ""),
                        query.get("nonce", ""))
    except InvalidSignatureException as error:
        raise Refused(403, "bad signature") from error


def open_message(keys: Keys, body: bytes, query: dict[str, str], now: float | None = None
                 ) -> tuple[bytes, str | None]:
    """The plaintext message XML, and the key that opened it (None in plaintext mode)."""
    if not fresh(query.get("timestamp", ""), time.time() if now is None else now):
        raise Refused(403, "timestamp outside the window")
    root = check_xml(body)
    if query.get("encrypt_type") != "aes" or not keys.aes_keys:
        if keys.aes_keys and not keys.compat:
            raise Refused(403, "plaintext message refused: an AES key is configured")
        check_url_signature(keys, query)
        return body, None
    if root.findtext("Encrypt") is None:
        raise Refused(400, "no Encrypt element")
    for key in keys.aes_keys:
        crypto = WeChatCrypto(keys.token, key, keys.app_id)
        try:
            plain = crypto.decrypt_message(body.decode("utf-8"), query.get("msg_signature", ""),
                                           query.get("timestamp", ""), query.get("nonce", ""))
        except InvalidSignatureException as error:
            raise Refused(403, "bad signature") from error
        except (InvalidAppIdException, ValueError, TypeError, KeyError, UnicodeError,
                struct.error):
            continue
        data = plain.encode("utf-8") if isinstance(plain, str) else plain
        check_xml(data)
        return data, key
    raise Refused(400, "cannot decrypt")


def seal_reply(keys: Keys, key: str | None, reply_xml: str, nonce: str, timestamp: str) -> str:
    """Encrypt the reply with the key the message came under (plaintext passes through)."""
    if key is None:
        return reply_xml
    return WeChatCrypto(keys.token, key, keys.app_id).encrypt_message(reply_xml, nonce,
                                                                       timestamp)
