"""Answering a free question about the programmes: `ask(question, ...) -> Answer`.

The programme is taken from the question when it names one (“技术能手奖金多少”), otherwise from
the context the caller gives (the applicant's application or in-scope screening results). The
question is matched against the phrasings of that programme's entries, the generated topics and
the general entries; below `THRESHOLD` the answer is None and the two closest questions are
offered instead, so the assistant never guesses.

The issue names `dialogs/faq.py`; it is this package's `__init__`, because a module and a
package of helpers cannot share the name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from dialogs.faq.entries import Entry, general, pack_entries
from dialogs.faq.generated import TOPICS, generate, overview
from dialogs.faq.matching import Candidate, Matcher, apply_synonyms, clean
from dialogs.faq.saved import NONE, PREFIX, SavedEntries
from dialogs.i18n import t
from eligibility import programmes
from eligibility.model import Programme

THRESHOLD = 60.0


@dataclass(frozen=True)
class Suggestion:
    key: str
    question: str


@dataclass(frozen=True)
class Answer:
    """`text` is None below the threshold; `suggestions` are then the closest questions."""

    text: str | None
    score: float
    matched: str | None
    programme: str | None
    suggestions: tuple[Suggestion, ...] = ()

    def to_dict(self) -> dict[str, object]:
        if self.text is None:
            return {"answer": None, "score": self.score,
                    "suggestions": [s.question for s in self.suggestions]}
        return {"answer": self.text, "score": self.score, "matched": self.matched,
                "programme": self.programme}


def _by_id() -> dict[str, Programme]:
    return {p.id: p for p in programmes()}


def phrasings(scope: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """Every (entry key, phrasing) a question may match among the programmes of `scope`
    (all of them when empty), the generated topics and the general entries."""
    pairs = [(f"topic:{topic}", q) for topic, qs in general().topics.items() for q in qs]
    pairs += [(f"general:{e.id}", q) for e in general().entries for q in e.questions]
    for pid in scope or tuple(pack_entries()):
        pairs += [(f"{pid}:{e.id}", q) for e in pack_entries().get(pid, ()) for q in e.questions]
    return pairs


def _without_names(text: str) -> str:
    return named_programmes(text)[1]


@cache
def matcher(scope: tuple[str, ...] = ()) -> Matcher:
    """Phrasings lose their programme names like questions do, so both sides compare the
    words that carry the question."""
    return Matcher([(key, _without_names(text)) for key, text in phrasings(scope)],
                   general().synonyms)


def named_programmes(question: str) -> tuple[list[str], str]:
    """Programme ids the question names (longest nickname first) and the question without it.

    A nickname mapped to no programme (三晋技术能手) names another honour: it stays in the
    question, and the shorter nicknames inside it (技术能手) are not read as a programme."""
    text = apply_synonyms(clean(question), general().synonyms)
    kept: list[str] = []
    found: list[str] = []
    for nickname in sorted(general().nicknames, key=len, reverse=True):
        if nickname not in text:
            continue
        ids = general().nicknames[nickname]
        if not ids:
            kept.append(nickname)
            text = text.replace(nickname, f"\x00{len(kept) - 1}\x00")
            continue
        found += [p for p in ids if p not in found]
        text = text.replace(nickname, "")
    for index, nickname in enumerate(kept):
        text = text.replace(f"\x00{index}\x00", nickname)
    return found, text


def _entry(key: str) -> tuple[str | None, Entry | None]:
    scope, _, entry_id = key.partition(":")
    pool = general().entries if scope == "general" else pack_entries().get(scope, ())
    entry = next((e for e in pool if e.id == entry_id), None)
    return (None if scope == "general" else scope), entry


def render(key: str, locale: str, today: dt.date, group: Sequence[str] = (),
           saved: SavedEntries = NONE) -> tuple[str, str | None]:
    """The answer text for an entry key, and the programme it is about (if one)."""
    if key.startswith(PREFIX):
        return _render_saved(key, locale, saved)
    if key.startswith("topic:"):
        topic = key.removeprefix("topic:")
        progs = [_by_id()[p] for p in group if p in _by_id()]
        if len(progs) == 1:
            return generate(progs[0], topic, locale, today), progs[0].id
        return overview(progs or list(programmes()), topic, locale, today), None
    programme_id, entry = _entry(key)
    assert entry is not None, key
    if locale == "en" and entry.answer_en:
        return entry.answer_en, programme_id
    text = entry.answer if locale != "en" else f"{t(locale, 'faq.zh_only')}\n{entry.answer}"
    return text, programme_id


def _render_saved(key: str, locale: str, saved: SavedEntries) -> tuple[str, str | None]:
    """A saved entry in its own words; one removed since it was offered says so."""
    entry = saved.find(key)
    if entry is None:
        return t(locale, "tix.faq_removed"), None
    if locale == "en" and entry.locale != "en":
        return f"{t(locale, 'faq.zh_only')}\n{entry.answer}", entry.programme
    return entry.answer, entry.programme


def matched_name(key: str, programme_id: str | None) -> str:
    """A stable name for what matched: `<programme>/<topic or entry>` or `general/<entry>`."""
    scope, _, name = key.partition(":")
    if scope == "topic":
        return f"{programme_id or 'all'}/{name}"
    return f"{scope}/{name}"


def ask(question: str, *, today: dt.date, locale: str = "zh_CN",
        context: Sequence[str] = (), saved: SavedEntries = NONE) -> Answer:
    """Answer `question`; `context` lists the programmes the applicant is dealing with and
    `saved` the entries staff saved (see `dialogs.faq.saved`), matched like the others."""
    named, rest = named_programmes(question)
    if named:
        inside = [p for p in named if p in context]
        group = inside[:1] if len(inside) == 1 else named
    else:
        group = list(context)
    scope = group[0] if len(group) == 1 else None
    candidates = matcher(tuple(sorted(group))).best(rest or question, limit=3)
    if saved.entries:
        extra = saved.best(rest or question, group, 3, _without_names, general().synonyms)
        candidates = sorted(candidates + extra, key=lambda c: -c.score)[:3]
    if not candidates:
        return Answer(None, 0.0, None, scope)
    top = candidates[0]
    if top.score < THRESHOLD:
        return Answer(None, top.score, None, scope, _suggest(candidates))
    text, programme_id = render(top.key, locale, today, group, saved)
    return Answer(text, top.score, matched_name(top.key, programme_id), programme_id)


def _suggest(candidates: list[Candidate]) -> tuple[Suggestion, ...]:
    return tuple(Suggestion(c.key, c.phrasing) for c in candidates[:2])


__all__ = ["THRESHOLD", "TOPICS", "Answer", "SavedEntries", "Suggestion", "ask",
           "named_programmes", "render"]
