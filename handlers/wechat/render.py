"""Outbound items as WeChat text: options become numbered lines, since chat has no buttons.

The engine already understands “1”, “2” and the option words themselves, so the text only has to
show them. A question whose answer is itself a number (“几年？”) reads a bare “1” as the answer,
so there the options are listed by their words instead of numbers (`Question.numbered`).
Upload requests carry a signed link to the web page, because WeChat chat cannot carry PDF or
DOCX files.
"""

from __future__ import annotations

from collections.abc import Callable

from dialogs.types import Link, Outbound, Question, Text, UploadRequest

MAX_REPLY_BYTES = 2000
SPELLED_OUT = 5


def render(item: Outbound, upload_link: Callable[[str], str] | None = None) -> str:
    """One outbound item as the text of one WeChat message."""
    match item:
        case Question(text=text, options=options, numbered=False) if options:
            lines = [text, ""] + [f"· {option.label}" for option in options]
            lines += ["", "也可以直接回复上面的选项文字"]
            return _clip("\n".join(lines))
        case Question(text=text, options=options) if options:
            lines = [text, ""]
            lines += [f"{number}. {option.label}" for number, option in
                      enumerate(options, start=1)]
            lines += ["", _how_to_reply(len(options), multi=item.multi)]
            return _clip("\n".join(lines))
        case Question(text=text) | Text(text=text):
            return _clip(text)
        case UploadRequest(text=text, item=name):
            url = upload_link(name) if upload_link is not None else ""
            return _clip(f"{text}\n{url}" if url else text)
        case Link(text=text, url=url):
            return _clip(f"{text}\n{url}")
    return ""


def _how_to_reply(count: int, multi: bool = False) -> str:
    """“回复 1 / 2 / 3” for a few options; a range for long lists (cities, districts); several
    numbers at once for a multi-select question."""
    if multi:
        return "可以选几项：回复几个数字，用空格隔开，如“1 3”"
    if count <= SPELLED_OUT:
        return "回复 " + " / ".join(str(n) for n in range(1, count + 1))
    return f"回复 1～{count} 中的数字，或直接输入选项文字"


def _clip(text: str) -> str:
    """WeChat refuses text replies over 2048 bytes; cut at a character boundary."""
    data = text.encode("utf-8")
    if len(data) <= MAX_REPLY_BYTES:
        return text
    return data[:MAX_REPLY_BYTES].decode("utf-8", errors="ignore")
