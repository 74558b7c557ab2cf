"""Where a person came from: a poster's Telegram link (`/start <payload>`) or WeChat QR code.

A scene is the payload the platform hands over: Telegram's deep-link parameter (Bot API,
“Deep linking”: up to 64 characters of A-Z, a-z, 0-9, _ and -) or a parameter QR code's
`qrscene_<value>` / `<value>` (公众号 “生成带参数的二维码”). Offices print posters for one
programme, so a scene names a programme by its id, or by the start of its id after an optional
`poster-` (“poster-luoyang” is the Luoyang programme when only one id starts with “luoyang-”).
The scene is kept in the dialog state and logged as an event, so an office can see which
poster brought whom; a scene that names a programme is greeted with that programme.
"""

from __future__ import annotations

import re

from dialogs.i18n import lang
from dialogs.reply import Reply
from dialogs.types import LogEvent
from eligibility import Programme, programmes

MAX_SCENE = 64
PREFIXES = ("qrscene_", "poster-", "poster_")
_SAFE = re.compile(r"[^A-Za-z0-9_-]")
SCENE_EVENT = "channel.scene"


def clean(scene: str | None) -> str | None:
    """The scene as stored: the platform's characters only, at most 64 (None when empty)."""
    value = _SAFE.sub("", scene or "")[:MAX_SCENE]
    return value or None


def programme_of(scene: str | None) -> Programme | None:
    """The programme a scene names, when it names exactly one."""
    value = clean(scene) or ""
    for prefix in PREFIXES:
        value = value.removeprefix(prefix)
    if not value:
        return None
    known = list(programmes())
    exact = [p for p in known if p.id == value]
    if exact:
        return exact[0]
    starting = [p for p in known if p.id.startswith(f"{value}-")]
    return starting[0] if len(starting) == 1 else None


def arrive(reply: Reply) -> None:
    """Keep and log the scene this message brings, and name its programme, if any."""
    scene = clean(reply.inbound.scene)
    if scene is None:
        return
    reply.state.scene = scene
    reply.effect(LogEvent(SCENE_EVENT, {"scene": scene}))
    programme = programme_of(scene)
    if programme is not None:
        name = programme.name if lang(reply.locale) == "zh" else programme.name_en
        reply.say("scene.programme", name=name)
