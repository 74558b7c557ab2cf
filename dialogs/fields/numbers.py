"""Numbers as people type them on a phone: “20”, “二十”, “二十年”, “两万三”, “1.5万”, “3人”.

cn2an reads the Chinese numerals; this module only strips the unit people add and keeps the
value inside the box's range, so “二十年” is 20 and “-3” is refused with the reason.
"""

from __future__ import annotations

import re

import cn2an

from dialogs.parsing import normalise

UNITS = re.compile(r"(?:周岁|岁|年|人|个|名|元|天|小时|次|项|家|户|月)$")
_PLAIN = re.compile(r"^[+-]?\d+(?:\.\d+)?$")


class NotANumber(ValueError):
    """The text is no number at all."""


def read_number(text: str) -> float | int:
    """The number in `text`, as an int when it is whole; raises NotANumber."""
    cleaned = normalise(text).replace(",", "").replace("，", "").replace(" ", "")
    cleaned = UNITS.sub("", cleaned).removeprefix("约").removesuffix("左右")
    if not cleaned:
        raise NotANumber(text)
    try:
        value = float(cleaned) if _PLAIN.match(cleaned) else float(cn2an.cn2an(cleaned,
                                                                                 "smart"))
    except (ValueError, KeyError, IndexError):
        raise NotANumber(text) from None
    return int(value) if value.is_integer() else value
