"""Telling a side question from an answer to the current step.

An answer must never be stolen: a date, a number, an ID number, yes/no/不清楚 or an option word
typed at a question is an answer, whatever it looks like. Only then is a message a question: it
ends in ？/? or 吗/呢, starts with a question word (为什么, 怎么, 什么, 哪, 多少, 能不能,
可以..., why, how...) or carries one (奖金多少, 要交哪些材料). Long texts (an essay, a
description) are always answers.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from dialogs.parsing import NO, UNKNOWN, YES, ParseError, normalise, parse_date, parse_number

MAX_QUESTION = 60
_ID_NUMBER = re.compile(r"^\d{6}\s*\d{8}\s*\d{3}[\dx]$")
_FAR_FUTURE = dt.date(9999, 12, 31)
STARTS = ("为什么", "为啥", "干嘛", "怎么", "怎样", "咋", "什么", "啥", "哪", "多少", "多大",
          "多久", "几", "能不能", "能否", "可不可以", "可以", "是不是", "是否", "要不要",
          "需不需要", "有没有", "请问", "how", "what", "why", "when", "where", "which", "who",
          "can ", "could ", "do ", "does ", "is ", "are ", "should ", "may ")
ENDS = ("?", "？", "吗", "呢", "么")
INSIDE = ("为什么", "怎么", "什么", "哪些", "哪个", "哪里", "哪天", "多少", "多大", "几号", "几岁",
          "能不能", "可不可以", "要不要")


def _is_answer_shaped(word: str, options: Sequence[str]) -> bool:
    if word in YES or word in NO or word in UNKNOWN:
        return True
    if _ID_NUMBER.match(word):
        return True
    if any(word == normalise(label) for label in options):
        return True
    for parser in (lambda w: parse_date(w, _FAR_FUTURE), parse_number):
        try:
            parser(word)
        except ParseError:
            continue
        return True
    return False


def is_question(text: str, options: Sequence[str] = ()) -> bool:
    """True when `text` is a question rather than an answer to a step offering `options`."""
    word = normalise(text)
    if not word or len(word) > MAX_QUESTION or _is_answer_shaped(word.rstrip("?？"), options):
        return False
    if word.endswith(ENDS):
        return True
    if any(word.startswith(start) and len(word) > len(start.strip()) for start in STARTS):
        return True
    return any(inside in word and len(word) > len(inside) for inside in INSIDE)
