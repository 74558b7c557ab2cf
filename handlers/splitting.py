"""Long texts as several messages, each within a platform's limit: split, never clipped.

Pure and shared by the channel renderers. A platform measures its limit its own way (WeChat
text in UTF-8 bytes, Telegram in characters), so the caller passes `size`. Cuts fall, in order
of preference, on a paragraph break, a line break, the end of a sentence, a comma, and only
then between two characters; the parts are numbered “(1/3)” so the reader knows more follows.

`split_parts` keeps every character: the bodies joined give the text back exactly (a cut's
line breaks stay at the end of the part before it). `split_message` adds the numbers and drops
those line breaks at a cut, which a chat would show as empty lines.
"""

from __future__ import annotations

from collections.abc import Callable

Size = Callable[[str], int]
BREAKS = ("\n\n", "\n", "。", "！", "？", "；", "!", "?", ";", "，", ",", "、", " ")
"""Where a cut may fall, best first; the cut comes after the break."""
MARK_ROOM = "(99/99)\n"
"""The widest number a part can carry: its size is kept free in every part."""


def utf8_bytes(text: str) -> int:
    return len(text.encode("utf-8"))


def utf16_units(text: str) -> int:
    """Telegram counts message length in UTF-16 code units (an emoji outside the BMP is two)."""
    return len(text.encode("utf-16-le")) // 2


def split_parts(text: str, limit: int, size: Size) -> list[str]:
    """`text` as consecutive bodies of at most `limit` by `size`; "".join(result) == text."""
    if size(text) <= limit:
        return [text]
    parts: list[str] = []
    rest = text
    while size(rest) > limit:
        cut = _cut(rest, limit, size)
        parts.append(rest[:cut])
        rest = rest[cut:]
    if rest:
        parts.append(rest)
    return parts


def split_message(text: str, limit: int, size: Size) -> list[str]:
    """`text` as the messages to send, each within `limit`: one unchanged when it fits,
    else numbered parts “(1/3)\\n…”."""
    if size(text) <= limit:
        return [text]
    bodies = split_parts(text, limit - size(MARK_ROOM), size)
    shown = [body.strip("\n") for body in bodies]
    kept = [body for body in shown if body.strip()]
    return [f"({number}/{len(kept)})\n{body}" for number, body in enumerate(kept, start=1)]


def _cut(text: str, limit: int, size: Size) -> int:
    """The index after which to cut `text` so the head fits: the best break in the fitting
    prefix (past its first quarter, so parts are not tiny), else the longest fitting prefix."""
    fits = _longest_fitting(text, limit, size)
    floor = fits // 4
    for mark in BREAKS:
        found = text.rfind(mark, floor, fits)
        if found >= 0:
            end = found + len(mark)
            while end < len(text) and text[end] == "\n" and size(text[:end + 1]) <= limit:
                end += 1
            return end
    return max(fits, 1)


def _longest_fitting(text: str, limit: int, size: Size) -> int:
    """The length of the longest prefix of `text` within `limit` (binary search: `size` is
    monotonic in the prefix length for bytes and code units alike)."""
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if size(text[:middle]) <= limit:
            low = middle
        else:
            high = middle - 1
    return low
