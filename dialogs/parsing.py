"""Reading what people type: dates, numbers, yes/no and choices, the way they actually write them.

“2020年6月”, “2020.6”, “2020-06-01”, “三年”, “有”, “没有”, “1” all mean something; each
parser returns the value or raises `ParseError` with a message key for a friendly correction.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from dialogs.types import Option

_DATE = re.compile(
    r"^(\d{4})\s*(?:[年./\-]\s*(\d{1,2})\s*(?:[月./\-]\s*(\d{1,2})\s*日?)?\s*月?)?\s*年?$"
)
_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
YES = {"是", "有", "对", "是的", "有的", "办了", "已办", "yes", "y", "true", "ok", "好", "没错"}
NO = {"否", "不是", "没有", "无", "没", "未", "no", "n", "false", "不", "没办"}
UNKNOWN = {"不清楚", "不知道", "不确定", "说不清", "unknown", "not sure", "dont know",
           "don't know"}


SPLIT = re.compile(r"[\s,，、;；]+")
"""Between the parts of a multi-select answer typed as “1 3” or “1，3”."""


class ParseError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: " "}


def normalise(text: str) -> str:
    """Full-width to half-width, trimmed, lower-case: what people type on phone keyboards."""
    return text.strip().translate(_HALF_WIDTH).strip().lower().rstrip("。.!！")


def parse_date(text: str, today: dt.date) -> dt.date:
    match = _DATE.match(normalise(text))
    if not match:
        raise ParseError("error.date")
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        value = dt.date(year or 0, month or 1, day or 1)
    except ValueError:
        raise ParseError("error.date") from None
    if value > today or value.year < 1900:
        raise ParseError("error.date_range")
    return value


def parse_number(text: str) -> float:
    cleaned = normalise(text).removesuffix("年").removesuffix("人").removesuffix("个").strip()
    if cleaned in _CN_DIGITS:
        return _CN_DIGITS[cleaned]
    if cleaned.startswith("十") and len(cleaned) <= 2:
        return 10 + _CN_DIGITS.get(cleaned[1:], 0)
    try:
        value = float(cleaned)
    except ValueError:
        raise ParseError("error.number") from None
    if value < 0:
        raise ParseError("error.number")
    return int(value) if value.is_integer() else value


DONE_VERBS = "得|获得|拿|评|办|参加|交|缴|受|犯|有|当"
DID = re.compile(rf"^(?:{DONE_VERBS})过")
NEVER = re.compile(rf"^(?:从来)?(?:没有?|未|从未|不曾)(?:{DONE_VERBS})?过|^从来没有$"
                   rf"|^还没有?.{{0,3}}$|^没(?:有)?(?:{DONE_VERBS}|退)$")
"""“得过（市级技术能手）” is yes and “没得过”, “从来没有” no: how people answer “是否获得过…”."""
PARTICLES = "啊呀哦的嘛呢吧~～"


def parse_yes_no(text: str) -> bool | None:
    """True, False, or None for “不清楚”; anything else is a ParseError."""
    word = normalise(text)
    bare = word.rstrip(PARTICLES) or word
    if word in YES or bare in YES or DID.match(bare):
        return True
    if word in NO or bare in NO or NEVER.match(bare):
        return False
    if word in UNKNOWN:
        return None
    raise ParseError("error.yes_no")


def pick_option(text: str, options: Sequence[Option]) -> Option:
    """The option meant by a number (“2”), its exact label, or a label it uniquely contains
    (of several, the one it begins: “同意” is 同意并开始, not 不同意)."""
    word = normalise(text)
    if word.isdigit() and 1 <= int(word) <= len(options):
        return options[int(word) - 1]
    for option in options:
        if word in (option.key.lower(), normalise(option.label)):
            return option
    partial = [o for o in options if word and (word in normalise(o.label))]
    if len(partial) > 1:
        partial = [o for o in partial if normalise(o.label).startswith(word)]
    if len(partial) == 1:
        return partial[0]
    raise ParseError("error.choice")
