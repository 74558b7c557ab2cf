"""Opening a message sealed under the previous AES key never fails on the current key's
garbage: whatever decrypting with the wrong key raises, the next key is tried."""

from __future__ import annotations

import struct

from wechatpy.crypto import WeChatCrypto
from wx_fakes import AES_KEY, APP_ID, OLD_AES_KEY, TOKEN, encrypted, text_xml

from handlers.wechat.security import Keys, open_message

TRIES = 2000


def _fails_short_under_the_current_key() -> tuple[dict[str, str], str]:
    """A message under the old key whose decryption with the current key leaves fewer than
    four bytes to read a length from (wechatpy then raises struct.error); the IV is random,
    so a few hundred tries find one."""
    for attempt in range(TRIES):
        query, body = encrypted(text_xml("o-old", "你好", msg_id=attempt), OLD_AES_KEY)
        try:
            WeChatCrypto(TOKEN, AES_KEY, APP_ID).decrypt_message(
                body, query["msg_signature"], query["timestamp"], query["nonce"])
        except struct.error:
            return query, body
        except Exception:  # other failures were handled before; keep looking
            continue
    raise AssertionError(f"no struct.error in {TRIES} tries")


def test_a_struct_error_under_the_current_key_falls_through_to_the_previous_key() -> None:
    query, body = _fails_short_under_the_current_key()
    keys = Keys(TOKEN, (AES_KEY, OLD_AES_KEY), APP_ID)
    plain, key = open_message(keys, body.encode(), query)
    assert key == OLD_AES_KEY and "你好".encode() in plain
