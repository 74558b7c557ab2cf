"""Answering a free question about the programmes: `ask(question, ...) -> Answer`.

The programme is taken from the question when it names one (“技术能手奖金多少”, names.py),
otherwise from the context the caller gives (the applicant's application or in-scope screening
results). The question is matched against the phrasings of that programme's entries, the
generated topics and the general entries. When one programme is in question, the notice's own
sentences (passages.py) answer what no entry does, and add to an answer what the question asks
beyond the phrasing it matched (“去年被约谈过能报吗”). Otherwise, below `THRESHOLD`, the answer is
None and the two closest questions are offered instead, so the assistant never guesses.

The issue names `dialogs/faq.py`; it is this package's `__init__`, because a module and a
package of helpers cannot share the name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

from dialogs.faq.entries import Entry, general, pack_entries
from dialogs.faq.generated import TOPICS, generate, overview
from dialogs.faq.matching import Candidate, Matcher
from dialogs.faq.names import named_programmes
from dialogs.faq.passages import relevant
from dialogs.faq.saved import NONE, PREFIX, SavedEntries
from dialogs.i18n import t
from eligibility import programmes
from eligibility.model import Programme

THRESHOLD = 60.0
GENERAL_PENALTY = 5.0
# Answers that state one value in full (a date, a number, a phone): nothing to add to them.
_COMPLETE = frozenset({"topic:deadline", "topic:quota", "topic:reward", "topic:contact"})


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


def _entry(key: str) -> tuple[str | None, Entry | None]:
    scope, _, entry_id = key.partition(":")
    pool = general().entries if scope == "general" else pack_entries().get(scope, ())
    entry = next((e for e in pool if e.id == entry_id), None)
    return (None if scope == "general" else scope), entry


def render(key: str, locale: str, today: dt.date, group: Sequence[str] = (),
           saved: SavedEntries = NONE, question: str = "") -> tuple[str, str | None]:
    """The answer text for an entry key, and the programme it is about (if one)."""
    if key.startswith(PREFIX):
        return _render_saved(key, locale, saved)
    if key.startswith("topic:"):
        topic = key.removeprefix("topic:")
        progs = [_by_id()[p] for p in group if p in _by_id()]
        if len(progs) == 1:
            return generate(progs[0], topic, locale, today, question), progs[0].id
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
        candidates += saved.best(rest or question, group, 3, _without_names, general().synonyms)
    candidates = _own_first(candidates)[:3]
    if named:
        candidates = _about_the_named(candidates)
    quoted = scope if locale != "en" else None  # the notice whose sentences may be quoted
    if not candidates or candidates[0].score < THRESHOLD:
        notes = relevant(quoted, rest) if quoted else []
        if quoted and notes:
            return _from_notice(quoted, notes, locale)
        score = candidates[0].score if candidates else 0.0
        return Answer(None, score, None, scope, _suggest(candidates))
    top = candidates[0]
    text, programme_id = render(top.key, locale, today, group, saved, question)
    own_words = top.key.startswith(PREFIX) or top.key in _COMPLETE  # staff's, or complete
    if quoted and not own_words and programme_id in (quoted, None):
        extra = [note for note in relevant(quoted, rest, top.phrasing) if note not in text]
        if extra:
            text += "\n" + t(locale, "faq.notice_also", lines=_lines(extra))
    return Answer(text, top.score, matched_name(top.key, programme_id), programme_id)


def _own_first(candidates: list[Candidate]) -> list[Candidate]:
    """On equal scores a programme's own hand-written entry, written for its particulars (the
    晋中 e-mail that only the contact gives), goes before a generated topic or general entry."""
    return sorted(candidates, key=lambda c: (-c.score, c.key.startswith(("topic:", "general:"))))


def _about_the_named(candidates: list[Candidate]) -> list[Candidate]:
    """A question that names a programme asks about it: a general entry (什么是农民工) must
    fit clearly better than the programme's own answers to win."""
    ranked = [replace(c, score=c.score - GENERAL_PENALTY) if c.key.startswith("general:")
              else c for c in candidates]
    return sorted(ranked, key=lambda c: -c.score)


def _lines(notes: list[str]) -> str:
    """The notice's sentences as answer lines; they exist in Chinese only."""
    return "\n".join(t("zh_CN", "faq.line", text=note) for note in notes)


def _from_notice(scope: str, notes: list[str], locale: str) -> Answer:
    """No entry fits, but sentences of the programme's notice do: they are the answer."""
    text = t(locale, "faq.notice", name=_by_id()[scope].name, lines=_lines(notes))
    return Answer(text, THRESHOLD, f"{scope}/notice", scope)


def _suggest(candidates: Sequence[Candidate]) -> tuple[Suggestion, ...]:
    return tuple(Suggestion(c.key, c.phrasing) for c in candidates[:2])


__all__ = ["THRESHOLD", "TOPICS", "Answer", "SavedEntries", "Suggestion", "ask",
           "named_programmes", "render", "warm_up"]


def warm_up(today: dt.date) -> None:
    """Build every programme's matcher and notice index before the first applicant asks, so
    nobody's question waits for them (about a second in all, once per process)."""
    named_programmes("晋中公匠")  # loads pypinyin's dictionary
    for programme in programmes():
        ask("要交哪些材料", today=today, context=[programme.id])
    groups = {tuple(sorted(ids)) for ids in general().nicknames.values()}
    for group in groups:
        ask("要交哪些材料", today=today, context=list(group))
    ask("要交哪些材料", today=today)
