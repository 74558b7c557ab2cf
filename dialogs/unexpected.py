"""Messages that are not what the step takes: a sticker, a video, a voice message WeChat could
not transcribe, a link, a file in chat, a contact card, a location.

Each gets one sentence on what arrived and one on what this step takes, and then the step's
own question again: nothing is answered, nothing moves. A location whose platform names the
place (WeChat's `Label`, a Telegram venue's address) is offered as the answer while the region
is being asked, exactly as if the name had been typed.
"""

from __future__ import annotations

from dataclasses import replace

from dialogs.flows import ask
from dialogs.regions import match_region
from dialogs.reply import Reply
from dialogs.types import Question, UploadRequest, outbound_from_dict

MEDIA = ("sticker", "video", "voice", "link", "file", "contact", "location", "other")
REGION_STEPS = {"province", "city", "county"}
ADMIN_SUFFIXES = "省市区县旗州盟"


def takes_location(reply: Reply) -> bool:
    """A location with a place name, while the screening asks where the person works."""
    state, inbound = reply.state, reply.inbound
    return (inbound.media == "location" and bool(inbound.text.strip())
            and state.flow == "screening" and (state.step or "") in REGION_STEPS)


def as_typed(reply: Reply) -> None:
    """Treat the location's place name as typed text."""
    reply.inbound = replace(reply.inbound, kind="text", media=None,
                            text=place_name(reply.inbound.text))


def place_name(label: str) -> str:
    """The administrative part of an address (“河南省洛阳市洛龙区开元大道”: 河南省洛阳市洛龙区):
    the longest prefix ending in an administrative suffix that names a known place. A street
    can end in 市 too (“…农贸市场”), so each prefix is checked against the region list."""
    label = label.strip()
    ends = [index + 1 for index, char in enumerate(label) if char in ADMIN_SUFFIXES]
    for end in reversed(ends):
        found = match_region(label[:end])
        if found.county or found.city:
            return label[:end]
    return label


def explain(reply: Reply) -> bool:
    """Answer a message of the wrong kind for this step; False when there is no step to
    return to (the caller shows the menu)."""
    kind = reply.inbound.media if reply.inbound.media in MEDIA else "other"
    reply.say(f"media.{kind}")
    if reply.state.flow == ask.FLOW:
        reply.say("step.type")
        return True
    stored = reply.state.pending.get("prompt")
    prompt = outbound_from_dict(stored) if stored else None
    if isinstance(prompt, UploadRequest):
        reply.say("step.upload")
    elif isinstance(prompt, Question) and prompt.options and not prompt.free_text:
        reply.say("step.choose")
    elif isinstance(prompt, Question):
        reply.say("step.type")
    if prompt is None:
        return False
    reply.outbound.append(prompt)
    return True
