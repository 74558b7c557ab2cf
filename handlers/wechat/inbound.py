"""A parsed WeChat message or event as the conversation's `Message`.

Messages are deduplicated on `MsgId`; events have none, so their id is
`FromUserName`+`CreateTime`+`Event`, which is what WeChat repeats when it retries an event.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from typing import Any

from wechatpy import parse_message

from bot.conversation import Message
from dialogs.types import FileRef

CHANNEL = "wechat"
MEDIA_PREFIX = "wechat-media:"
"""An image's MediaId before download (temporary media expire after three days)."""
SCENE_EVENTS = {"subscribe", "subscribe_scan", "scan"}
"""Following, following through a parameter QR code (`EventKey` qrscene_<scene>, which
wechatpy parses as `subscribe_scan`), and scanning one while already following (`SCAN`, scene
in `EventKey`): 接收事件推送 “扫描带参数二维码事件”. Each welcomes the follower; a scene is
carried into the dialog (`dialogs.scenes`)."""
MEDIA_TYPES = {"voice": "voice", "video": "video", "shortvideo": "video", "location": "location",
               "link": "link", "file": "file", "miniprogrampage": "link", "image": "other"}
"""接收普通消息: every message type a follower can send, as what the dialog explains. A voice
message carries `Recognition` only when the account has 语音识别 on and WeChat understood it;
without it the follower is asked to type. A location's `Label` is the place's name; an image
without a MediaId (a custom sticker can arrive so) is “other”."""
MENU_COMMANDS = {"start": "start", "menu": "menu", "mine": "mine", "faq": "faq"}
"""Custom-menu keys (see `handlers.wechat.menu`) as engine commands: 我的申报 continues the
application, 常见问题 asks for a question."""


def to_message(xml: bytes) -> tuple[Message | None, Any]:
    """The conversation message for `xml` (None for events the dialog ignores) and the parsed
    wechatpy object (for the reply's addressing)."""
    parsed = parse_message(xml.decode("utf-8"))
    sender = str(parsed.source or "")
    if not sender:
        return None, parsed
    if parsed.type == "event":
        event = str(getattr(parsed, "event", "")).lower()
        message_id = f"e{parsed.create_time}{event}"[:60]
        if event in SCENE_EVENTS:
            scene = str(getattr(parsed, "scene_id", "") or "") or None
            return Message(CHANNEL, sender, message_id, kind="command", command="start",
                           scene=scene), parsed
        if event == "click":
            key = str(getattr(parsed, "key", "") or "")
            if key in MENU_COMMANDS:
                return Message(CHANNEL, sender, f"{message_id}{key}"[:60], kind="command",
                               command=MENU_COMMANDS[key]), parsed
            return Message(CHANNEL, sender, f"{message_id}{key}"[:60], text=key), parsed
        return None, parsed
    message_id = str(parsed.id or "")
    if parsed.type == "text":
        return Message(CHANNEL, sender, message_id, text=str(parsed.content or "")), parsed
    if parsed.type == "image" and getattr(parsed, "media_id", None):
        file = FileRef(ref=f"{MEDIA_PREFIX}{parsed.media_id}", name="image.jpg",
                       mime="image/jpeg", kind="image")
        return Message(CHANNEL, sender, message_id, kind="file", file=file), parsed
    if parsed.type == "voice" and str(getattr(parsed, "recognition", "") or "").strip():
        return Message(CHANNEL, sender, message_id, text=str(parsed.recognition)), parsed
    label = str(getattr(parsed, "label", "") or "") if parsed.type == "location" else ""
    kind = str(parsed.type)
    if kind == "unknown":
        kind = (ElementTree.fromstring(xml).findtext("MsgType") or "").strip().lower()
    return Message(CHANNEL, sender, message_id, kind="media",
                   media=MEDIA_TYPES.get(kind, "other"), text=label), parsed
