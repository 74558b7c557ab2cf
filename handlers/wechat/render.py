"""Outbound items as WeChat text: options become numbered lines, since chat has no buttons.

The engine already understands “1”, “2” and the option words themselves, so the text only has to
show them. A question whose answer is itself a number (“几年？”) reads a bare “1” as the answer,
so there the options are listed by their words instead of numbers (`Question.numbered`).
Upload requests carry a signed link to the web page, because WeChat chat cannot carry PDF or
DOCX files. A text over WeChat's limit becomes several numbered messages (`handlers.splitting`),
never a clipped one.
"""

from __future__ import annotations

from collections.abc import Callable

from dialogs.types import Link, Outbound, Question, Text, UploadRequest
from handlers.splitting import split_message, utf8_bytes

MAX_TEXT_BYTES = 2048
"""A text message's content, passive reply or customer-service message, is at most 2,048
bytes of UTF-8. WeChat documents no figure (客服消息 “发送文本消息”, 被动回复用户消息
“回复文本消息”); its open community answers 2048, and a longer customer-service text is refused
with errcode 45002 “content size out of limit”."""
SPELLED_OUT = 5


def render(item: Outbound, upload_link: Callable[[str], str] | None = None) -> list[str]:
    """One outbound item as the texts of the WeChat messages that carry it, in order (none
    when there is nothing to say)."""
    text = _text(item, upload_link)
    return split_message(text, MAX_TEXT_BYTES, utf8_bytes) if text else []


def _text(item: Outbound, upload_link: Callable[[str], str] | None) -> str:
    match item:
        case Question(text=text, options=options, numbered=False) if options:
            lines = [text, ""] + [f"· {option.label}" for option in options]
            lines += ["", "也可以直接回复上面的选项文字"]
            return "\n".join(lines)
        case Question(text=text, options=options) if options:
            lines = [text, ""]
            lines += [f"{number}. {option.label}" for number, option in
                      enumerate(options, start=1)]
            lines += ["", _how_to_reply(len(options), multi=item.multi)]
            return "\n".join(lines)
        case Question(text=text) | Text(text=text):
            return text
        case UploadRequest(text=text, item=name):
            url = upload_link(name) if upload_link is not None else ""
            return f"{text}\n{url}" if url else text
        case Link(text=text, url=url):
            return f"{text}\n{url}"
    return ""


def _how_to_reply(count: int, multi: bool = False) -> str:
    """“回复 1 / 2 / 3” for a few options; a range for long lists (cities, districts); several
    numbers at once for a multi-select question."""
    if multi:
        return "可以选几项：回复几个数字，用空格隔开，如“1 3”"
    if count <= SPELLED_OUT:
        return "回复 " + " / ".join(str(n) for n in range(1, count + 1))
    return f"回复 1～{count} 中的数字，或直接输入选项文字"

