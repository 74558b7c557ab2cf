"""The pack's own sentences, found by the specific words of a question.

A question such as “去年被约谈过能报吗” or “公示要几天” asks about one sentence of the notice, not
about a whole topic. Every rule, document, date, quota, check and form note of a pack becomes a
passage: what the pack says, with the notice's own words (`source`) beside it, so the answer is
the notice itself. Passages are scored by the character bigrams they share with the question,
each weighted by how rare it is across all packs (inverse document frequency), so “约谈” or
“户籍” count and “申报” barely does.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from dialogs.faq.entries import general
from dialogs.faq.matching import apply_synonyms, clean
from eligibility import programmes
from eligibility.model import Programme
from eligibility.rounds import registry

_INTERNAL = re.compile(r"[a-z]{3,}_?[a-z]*")
# Characters that join words but say nothing: a pair with one (的申) is a seam, not a word.
_PARTICLES = frozenset("的了吗呢吧啊么")
# Below this share of the question's weight, a passage is a coincidence, not an answer.
RELEVANT = 0.34


@dataclass(frozen=True)
class Passage:
    text: str
    grams: frozenset[str]


def _quoted(text: str, source: str | None) -> str:
    """The pack's sentence, and the notice's words when they say more than the sentence."""
    if not source or source in text or text in source:
        return text if not source or len(text) >= len(source) else source
    return f"{text}（通知原文：“{source}”）"


def _for_applicants(note: str | None) -> bool:
    """A form note that tells the applicant something; not one written for the pack's own
    upkeep (a column inferred by the pack's author, the facts a field is built from)."""
    return bool(note) and "推定" not in str(note) and not _INTERNAL.search(str(note))


def _sentences(p: Programme) -> Iterator[str]:
    for c in p.criteria:
        yield _quoted(c.text, c.source)
    for g in p.categories:
        yield _quoted(f"{g.name}：{g.description or ''}", g.source)
    for d in p.documents:
        yield _quoted(" ".join(filter(None, [d.name, d.note, d.when_text])), d.source)
    for e in p.timeline:
        yield _quoted(" ".join(filter(None, [e.what, e.note])), e.source)
    for q in p.quotas:
        yield q.note or q.source
    for o in p.office_checks:
        yield _quoted(o.text, o.source)
    yield from (f"{f.label}（{f.note}）" for f in p.form.fields if _for_applicants(f.note))
    yield from (f"{p.form.title}“{f.label}”：{f.hint}" for f in p.form.fields if f.hint)
    yield from p.submission.route
    yield from (u.note for u in p.unknowns)


def _pairs(text: str) -> frozenset[str]:
    return frozenset(text[i:i + 2] for i in range(len(text) - 1))


def _normal(text: str) -> str:
    return apply_synonyms(clean(text), general().synonyms)


def _own_names(p: Programme) -> frozenset[str]:
    """Bigrams of the programme's names and places (农民工工作先进个人, 吉林), which say which
    notice the question is about, not what in it."""
    names = [p.name, p.short_name, p.scope.province, p.scope.city or ""]
    return frozenset().union(*(_pairs(_normal(name)) for name in names))


@cache
def _names() -> dict[str, frozenset[str]]:
    return {p.id: _own_names(p) for p in programmes()}


@cache
def _asking_words() -> frozenset[str]:
    """Bigrams the phrasings of two topics or more share (怎么, 多少, 什么时候, 能报): how people
    ask; a passage is found by what the question is about. A bigram of one topic alone (公示,
    邮箱) names what that topic is about, and may find a passage about it too."""
    seen: Counter[str] = Counter()
    for phrasings in general().topics.values():
        seen.update(frozenset().union(*(_pairs(_normal(q)) for q in phrasings)))
    return frozenset(gram for gram, topics in seen.items() if topics >= 2)


@lru_cache(maxsize=2)
def _index(rounds: str) -> tuple[dict[str, list[Passage]], dict[str, float]]:
    """Built once per set of opened rounds (`rounds` is the registry's version): a round
    opened since brings its own dates, quotas and route."""
    by_programme = {
        p.id: [Passage(text, _pairs(_normal(text))) for text in dict.fromkeys(_sentences(p))]
        for p in programmes()
    }
    counts: Counter[str] = Counter()
    for passages in by_programme.values():
        for passage in passages:
            counts.update(passage.grams)
    total = sum(len(passages) for passages in by_programme.values())
    weights = {gram: math.log(1 + total / n) for gram, n in counts.items()}
    return by_programme, weights


def relevant(programme_id: str, question: str, matched: str = "", limit: int = 2,
             strict: bool = True) -> list[str]:
    """The pack sentences of `programme_id` that answer what `question` asks specifically,
    best first (the shorter, more focused one on a tie); empty when none shares enough rare
    words with it.

    Words of `matched` (the phrasing an entry already answered) do not count, only what the
    question adds. A passage must share two of the question's bigrams (one when the question
    has only one the notices know), so one stray pair of characters does not pull a sentence
    in (`strict=False`: one will do, when `matched` holds only the words naming a topic); the
    words people ask with (怎么, 多少) never count. Both sides are normalised like the matcher's
    phrasings (clean text, synonyms applied)."""
    by_programme, weights = _index(registry.version())
    mine = _pairs(_normal(question)) - _pairs(_normal(matched)) - _asking_words()
    if not strict:  # a topic already answers: only the words beyond it, seams aside
        mine = {gram for gram in mine if not set(gram) & _PARTICLES}
    mine -= _names().get(programme_id, frozenset())
    known = [gram for gram in mine if gram in weights]
    weight = sum(weights[gram] for gram in known)
    if not weight:
        return []
    at_least = 2 if matched and strict else min(2, len(known))
    scored = []
    for passage in by_programme.get(programme_id, ()):
        common = mine & passage.grams
        shared = sum(weights[gram] for gram in common)
        if len(common) >= at_least and shared / weight >= RELEVANT:
            scored.append((shared, passage.text))
    scored.sort(key=lambda item: (-item[0], len(item[1])))
    return [text for _, text in scored[:limit]]
