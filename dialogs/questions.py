"""Turning a missing fact into one plain question, and an answer back into a typed value.

The question for each fact is derived from the vocabulary (type, values, labels) plus a prompt in
the catalogues (`q.<fact>`), so a fact added for a new programme is askable without code. Every
question offers “不清楚” (the fact then stays unknown and is not asked again) and “上一步”.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from dialogs.i18n import catalogue, lang, t
from dialogs.parsing import (
    SPLIT,
    ParseError,
    normalise,
    parse_date,
    parse_number,
    parse_yes_no,
    pick_option,
)
from dialogs.parsing import UNKNOWN as UNKNOWN_WORDS
from dialogs.types import Option, Question
from eligibility.identifiers import IdentifierError, check_uscc
from eligibility.vocabulary import FactSpec, vocabulary

UNKNOWN = "unknown"
BACK = "back"
NONE_OF_THESE = "none"


@dataclass(frozen=True)
class Answer:
    """A parsed answer: `known` is False when the applicant said “不清楚”."""

    value: Any
    known: bool = True


def _prompt(spec: FactSpec, locale: str) -> str:
    key = f"q.{spec.name}"
    if key in catalogue("zh_CN"):
        return t(locale, key)
    return t(locale, "q.generic", label=spec.label[lang(locale)])


def _options(spec: FactSpec, locale: str) -> tuple[Option, ...]:
    if spec.type == "bool":
        return (Option("yes", t(locale, "nav.yes")), Option("no", t(locale, "nav.no")))
    if spec.type in ("enum", "enum_list"):
        options = tuple(Option(k, v[lang(locale)]) for k, v in spec.values.items())
        if spec.type == "enum_list":
            options += (Option(NONE_OF_THESE, t(locale, "nav.none_of_these")),)
        return options
    return ()


def _all_options(spec: FactSpec, locale: str) -> tuple[Option, ...]:
    return (*_options(spec, locale), Option(UNKNOWN, t(locale, "nav.unknown")))


def question_for(fact: str, locale: str, allow_back: bool = True,
                 exclude: frozenset[str] = frozenset()) -> Question:
    """The question for `fact`; `exclude` drops the options the known facts rule out (a
    self-employed applicant is not offered the cadre ranks)."""
    spec = vocabulary()[fact]
    options = tuple(o for o in _all_options(spec, locale) if o.key not in exclude)
    if allow_back:
        options = (*options, Option(BACK, t(locale, "nav.back")))
    placeholder = {"date": "2020-06", "number": "3"}.get(spec.type)
    return Question(_prompt(spec, locale), options, placeholder,
                    free_text=spec.type not in ("enum", "bool", "enum_list"),
                    multi=spec.type == "enum_list", numbered=spec.type != "number")


def _parse_list(text: str, options: tuple[Option, ...]) -> Answer:
    chosen: list[str] = []
    for part in (p for p in SPLIT.split(text.strip()) if p):
        key = pick_option(part, options).key
        if key == UNKNOWN:
            return Answer(None, known=False)
        if key == NONE_OF_THESE:
            return Answer([])
        chosen.append(key)
    if not chosen:
        raise ParseError("error.choice")
    return Answer(list(dict.fromkeys(chosen)))


def _choose(spec: FactSpec, text: str, choice: str | None, locale: str) -> Answer:
    options = _all_options(spec, locale)
    if choice is not None and choice.startswith("multi:") and spec.type == "enum_list":
        keys = [key for key in choice.removeprefix("multi:").split(",") if key]
        if not keys or any(key not in spec.values for key in keys):
            raise ParseError("error.choice")
        return Answer(list(dict.fromkeys(keys)))
    if choice is None and spec.type == "bool":
        try:
            value = parse_yes_no(text)
            return Answer(value, known=value is not None)
        except ParseError:
            pass
    if choice is None and spec.type == "enum_list":
        return _parse_list(text, options)
    try:
        key = choice if choice is not None else pick_option(text, options).key
    except ParseError:
        key = spec.value_for_words(normalise(text)) or ""
        if not key:
            raise
    if key == UNKNOWN:
        return Answer(None, known=False)
    if spec.type == "bool" and key in ("yes", "no"):
        return Answer(key == "yes")
    if spec.type == "enum_list" and key == NONE_OF_THESE:
        return Answer([])
    if key not in spec.values:
        raise ParseError("error.choice")
    return Answer([key] if spec.type == "enum_list" else key)


def parse_answer(fact: str, text: str, choice: str | None, locale: str,
                 today: dt.date) -> Answer:
    """Read an answer to the question for `fact`; raises ParseError or IdentifierError."""
    spec = vocabulary()[fact]
    if spec.type in ("bool", "enum", "enum_list"):
        return _choose(spec, text, choice, locale)
    if choice == UNKNOWN or normalise(text) in UNKNOWN_WORDS:
        return Answer(None, known=False)
    if spec.type == "date":
        return Answer(parse_date(text, today).isoformat())
    if spec.type == "number":
        return Answer(parse_number(text))
    if spec.type == "uscc":
        return Answer(check_uscc(text))
    if not text.strip():
        raise ParseError("error.text")
    return Answer(text.strip())


__all__ = ["BACK", "UNKNOWN", "Answer", "IdentifierError", "ParseError", "parse_answer",
           "question_for"]
