"""Counting an essay the way a notice counts it, and judging it against the pack's limit.

Notices say “1000-2000字” or “800字左右” and clerks count what a word processor shows as 字数:
Chinese characters and punctuation count, spaces and line breaks do not.
"""

from __future__ import annotations

from eligibility.model import WordLimit

AROUND = 0.8
"""“800字左右” accepts roughly 80 % to 120 % of the target."""


def count(text: str) -> int:
    """Characters as the notice counts them: every non-whitespace character."""
    return sum(1 for ch in text if not ch.isspace())


def bounds(limit: WordLimit | None) -> tuple[int | None, int | None]:
    """The accepted range (min, max) for a limit; a bare target means “about” that many."""
    if limit is None:
        return None, None
    if limit.target is not None and limit.min is None and limit.max is None:
        return round(limit.target * AROUND), round(limit.target * (2 - AROUND))
    return limit.min, limit.max


def verdict(text: str, limit: WordLimit | None) -> str:
    """`short`, `long` or `ok` for the text against the limit."""
    low, high = bounds(limit)
    n = count(text)
    if low is not None and n < low:
        return "short"
    if high is not None and n > high:
        return "long"
    return "ok"


def describe(limit: WordLimit | None, locale: str = "zh_CN") -> str:
    """The limit as the notice would say it: “1000-2000字”, “800字左右”, “不超过500字”, or
    that the notice sets none (in English for an English-speaking applicant)."""
    en = locale == "en"
    if limit is None:
        return "no length set by the notice" if en else "通知未规定字数"
    if limit.min is not None and limit.max is not None:
        return f"{limit.min}-{limit.max} characters" if en else f"{limit.min}-{limit.max}字"
    if limit.target is not None:
        return f"about {limit.target} characters" if en else f"{limit.target}字左右"
    if limit.max is not None:
        return f"at most {limit.max} characters" if en else f"不超过{limit.max}字"
    return f"at least {limit.min} characters" if en else f"不少于{limit.min}字"
