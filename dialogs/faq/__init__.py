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

from dialogs.faq.answers import GENERIC, for_programmes
from dialogs.faq.entries import Entry, general, pack_entries
from dialogs.faq.generated import TOPICS, generate, overview
from dialogs.faq.intents import intent
from dialogs.faq.matching import Candidate, Matcher
from dialogs.faq.names import named_programmes
from dialogs.faq.passages import relevant
from dialogs.faq.saved import NONE, PREFIX, SavedEntries
from dialogs.faq.scope import programmes_in_question, shared_notes, topic_words
from dialogs.faq.situation import judge
from dialogs.i18n import t
from eligibility import programmes
from eligibility.model import Programme

THRESHOLD = 60.0
GENERAL_PENALTY = 25.0
# A hand-written entry this close to the question wins over the words that name a topic
# (“技能大奖奖金打到哪个账户” is the bank-account entry, not the amount of the prize).
STRONG = 75.0
GENERAL_STRONG = 90.0  # an entry for every programme must fit better still
CLOSE = 85.0  # below this an entry only half fits, and the notice's sentence comes first


@dataclass(frozen=True)
class Suggestion:
    key: str
    question: str


@dataclass(frozen=True)
class Answer:
    """`text` is the direct answer (one or two sentences first), `details` the full answer
    given on request. `text` is None below the threshold (`suggestions` are then the closest
    questions) and when two or more programmes fit and the answer differs between them
    (`clarify` lists them, for buttons). `programme_from` says how the programme was found:
    named, typo, pinyin, place, held, conversation, none."""

    text: str | None
    score: float
    matched: str | None
    programme: str | None
    suggestions: tuple[Suggestion, ...] = ()
    details: str | None = None
    programme_from: str = "none"
    clarify: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        if self.clarify:
            return {"answer": None, "clarify": list(self.clarify), "score": self.score,
                    "matched": self.matched, "programme_from": self.programme_from}
        if self.text is None:
            return {"answer": None, "score": self.score,
                    "suggestions": [s.question for s in self.suggestions],
                    "programme_from": self.programme_from}
        return {"answer": self.text, "details": self.details, "score": self.score,
                "matched": self.matched, "programme": self.programme,
                "programme_from": self.programme_from}


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
        context: Sequence[str] = (), saved: SavedEntries = NONE,
        categories: dict[str, str] | None = None) -> Answer:
    """Answer `question`; `context` lists the programmes the applicant is dealing with,
    `saved` the entries staff saved (see `dialogs.faq.saved`), matched like the others, and
    `categories` the category screening suggests per programme."""
    group, how, rest = programmes_in_question(question, context)
    rest = rest or question
    scope = group[0] if len(group) == 1 else None
    candidates = matcher(tuple(sorted(group))).best(rest, limit=3)
    if saved.entries:
        candidates += saved.best(rest, group, 3, _without_names, general().synonyms)
    candidates = _own_first(candidates, group)[:3]
    if group and how != "conversation":
        candidates = _about_the_named(candidates)
    quoted = scope if locale != "en" else None  # the notice whose sentences may be quoted
    top = candidates[0] if candidates else None
    wanted = intent(question)
    entry_wins = top is not None and not top.key.startswith("topic:") and top.score >= (
        GENERAL_STRONG if top.key.startswith("general:") else STRONG)
    if wanted and not entry_wins:
        key, score, phrasing = f"topic:{wanted}", max(top.score if top else 0, THRESHOLD), ""
    elif top is not None and top.score >= THRESHOLD:
        key, score, phrasing = top.key, top.score, top.phrasing
    else:
        notes = relevant(quoted, rest) if quoted else []
        if quoted and notes:
            return _from_notice(quoted, notes, locale, how)
        return Answer(None, top.score if top else 0.0, None, scope, _suggest(candidates),
                      programme_from=how)
    if key.startswith("topic:"):
        topic = key.removeprefix("topic:")
        words = topic_words(topic, phrasing)
        if len(group) > 1 and topic in GENERIC and locale != "en":
            group = _only_one_says(group, rest, words)
            quoted = group[0] if len(group) == 1 else None
        progs = [_by_id()[p] for p in group if p in _by_id()] or list(programmes())
        notes = relevant(quoted, rest, words, strict=False) if quoted else []
        shared = shared_notes(group, rest, words) if locale != "en" and not quoted else []
        if shared and topic in GENERIC:  # the notices say the same to all of them
            return Answer(t(locale, "faq.notice_says", lines="\n".join(shared)), score,
                          matched_name(key, None), None, programme_from=how)
        found = for_programmes(topic, progs, locale, today, question, notes, categories)
        name = matched_name(key, found.programme)
        return Answer(found.text, score, name, found.programme, details=found.details,
                      programme_from=how, clarify=found.clarify)
    text, programme_id = render(key, locale, today, group, saved, question)
    verdict = judge(_by_id()[quoted], question, today, locale) \
        if quoted and score < CLOSE and not key.startswith(PREFIX) else None
    if verdict:  # the entry only half fits; the situation the question states is settled
        text = f"{verdict}\n{text}"
    elif quoted and not key.startswith(PREFIX) and programme_id in (quoted, None):
        extra = [note for note in relevant(quoted, rest, phrasing) if note not in text]
        if extra and score < CLOSE:  # the question asks beyond the entry: its sentence first
            text = t(locale, "faq.notice_says", lines="\n".join(extra)) + "\n" + text
        elif extra:
            text += "\n" + t(locale, "faq.notice_also", lines=_lines(extra))
    return Answer(text, score, matched_name(key, programme_id), programme_id,
                  programme_from=how)


def _only_one_says(group: list[str], question: str, words: str) -> list[str]:
    """Of several programmes, the one whose notice alone has a rule on what the question says
    (“吉林那个奖 城镇户口能报吗”: only the migrant-worker individual's rule speaks of 户籍)."""
    saying = [p for p in group if relevant(p, question, words, strict=False)]
    return saying if len(saying) == 1 else group


def _own_first(candidates: list[Candidate], group: Sequence[str] = ()) -> list[Candidate]:
    """On equal scores a programme's own hand-written entry, written for its particulars (the
    晋中 e-mail that only the contact gives), goes before a generated topic or general entry,
    and of two programmes' entries the one the question names first."""
    order = {p: i for i, p in enumerate(group)}
    return sorted(candidates, key=lambda c: (-c.score, c.key.startswith(("topic:", "general:")),
                                             order.get(c.key.partition(":")[0], len(order))))


def _about_the_named(candidates: list[Candidate]) -> list[Candidate]:
    """A question that names a programme asks about it: a general entry (什么是农民工) must
    fit clearly better than the programme's own answers to win."""
    ranked = [replace(c, score=c.score - GENERAL_PENALTY) if c.key.startswith("general:")
              else c for c in candidates]
    return sorted(ranked, key=lambda c: -c.score)


def _lines(notes: list[str]) -> str:
    """The notice's sentences as answer lines; they exist in Chinese only."""
    return "\n".join(t("zh_CN", "faq.line", text=note) for note in notes)


def _from_notice(scope: str, notes: list[str], locale: str, how: str) -> Answer:
    """No entry fits, but sentences of the programme's notice do: they are the answer."""
    text = t(locale, "faq.notice", name=_by_id()[scope].name, lines=_lines(notes))
    return Answer(text, THRESHOLD, f"{scope}/notice", scope, programme_from=how)


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
