"""Which programmes a question names: nicknames, places, and names typed with a slip.

Nicknames come from the general FAQ file (longest first). A place that is also a nickname
(洛阳, 长春的, 吉林) names its programmes only when nothing more specific does: in
“洛阳能报几个青年就业创业之星” 洛阳 is where the applicant lives, and the question is about the
youth star. A name typed with one wrong character (“技能创业之心”) still names its programme;
a name of four characters is recognised when the slip sounds the same (“晋中公匠”: gōng), the
way a pinyin keyboard slips; shorter nicknames must match exactly, or any two characters would.
A place or a group word that leaves several programmes open is narrowed by the words that
describe one of them (cues: 吉林给进城打工的人评的那个, 长春那个小一级的奖, 给毕业生评的那个星),
the way a clerk hears which award is meant without its name.
A name the applicant already holds (“没当过长春技术能手，能报技能大奖吗”) is a past title, not
the programme asked about, when the question names another one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from pypinyin import lazy_pinyin
from rapidfuzz.distance import Levenshtein

from dialogs.faq.entries import general
from dialogs.faq.matching import apply_synonyms, clean
from eligibility import programmes

# Nicknames at least this long are recognised with one character wrong.
FUZZY_FROM = 5
# Nicknames at least this long are recognised with one character that sounds the same.
HOMOPHONE_FROM = 4
# What comes just before a title the applicant holds (获得 also stands for 拿过, 得过, synonyms).
# Words pointing at one award without naming it (“打零工的那个奖”), and words asking which one.
_POINTING = ("那个", "的奖", "评的")
_WHICH = ("什么奖", "啥奖", "哪个奖", "哪些奖", "能报什么", "能报啥", "哪个项目", "什么项目")
_HELD = re.compile(r"(?:获得|当过|当选过|评上过|评过|荣获)[^能报吗]{0,4}$")


@cache
def _places() -> frozenset[str]:
    names: set[str] = set()
    for p in programmes():
        for place in (p.scope.province, p.scope.city):
            if place:
                names.add(place.removesuffix("省").removesuffix("市"))
    return frozenset(names)


def _is_place(nickname: str) -> bool:
    return nickname.removesuffix("的").removesuffix("省").removesuffix("市") in _places()


def _slipped(text: str, nickname: str) -> str | None:
    """The stretch of `text` that is `nickname` with one character substituted, if any."""
    size = len(nickname)
    for start in range(len(text) - size + 1):
        window = text[start:start + size]
        if Levenshtein.distance(window, nickname, score_cutoff=1) <= 1:
            return window
    return None


@lru_cache(maxsize=4096)
def _reading(text: str) -> tuple[str, ...]:
    """pypinyin's reading, cached: every phrasing is checked against every nickname when the
    matchers are built, and the same few names are read again and again."""
    return tuple(lazy_pinyin(text))


def _sounds_like(text: str, nickname: str) -> str | None:
    """The stretch of `text` read aloud like `nickname`, one character differing, if any."""
    size = len(nickname)
    for start in range(len(text) - size + 1):
        window = text[start:start + size]
        differing = sum(a != b for a, b in zip(window, nickname, strict=True))
        if differing == 1 and _reading(window) == _reading(nickname):
            return window
    return None


def _found(text: str, nickname: str) -> str | None:
    if nickname in text:
        return nickname
    if len(nickname) >= FUZZY_FROM:
        return _slipped(text, nickname)
    return _sounds_like(text, nickname) if len(nickname) >= HOMOPHONE_FROM else None


def _held(text: str, written: str) -> bool:
    """The name follows 获得 / 当过 (“获得市级就业创业之星”): a title the applicant holds."""
    return bool(_HELD.search(text[:text.index(written)]))


@dataclass(frozen=True)
class Naming:
    """Which programmes a question names, the question without those names, and how they
    were found: `named` (a name or nickname as written), `typo` (one character slipped),
    `pinyin` (typed in pinyin), `described` (a place or group word and words describing one
    of its programmes), `cue` (no name or place, only words describing one or two awards, as
    weak as a place), `group` (a word for several, 先进个人), `place` (only a place:
    洛阳, 长春), `held` (only a title the applicant already holds) or `none`."""

    ids: list[str]
    rest: str
    how: str


@cache
def _pinyin_names() -> tuple[tuple[str, str], ...]:
    """Each nickname of six letters or more as pinyin without spaces (jinzhonggongjiang)."""
    pairs = [("".join(_reading(name)), name) for name in general().nicknames]
    return tuple(sorted(((key, name) for key, name in pairs if len(key) >= 6 and key.isascii()),
                        key=lambda pair: -len(pair[0])))


def _from_pinyin(question: str) -> tuple[list[str], str]:
    letters = re.sub(r"[^a-z]", "", question.lower())
    for key, name in _pinyin_names():
        if key in letters and general().nicknames[name]:
            return list(general().nicknames[name]), re.sub(r"[A-Za-z\s]+", "", question)
    return [], question


def naming(question: str) -> Naming:
    """The programmes `question` names, and how (see `Naming`).

    A nickname mapped to no programme (三晋技术能手) names another honour, and a title the
    applicant holds is a past award: both stay in the question, and the shorter nicknames
    inside them (技术能手) are not read as a programme. A held title names its programme only
    when the question names nothing else (“当过技术能手还能再报吗”)."""
    text = apply_synonyms(clean(question), general().synonyms)
    original = text
    at: dict[str, int] = {}  # where each programme is first named: the first one leads
    kept: list[str] = []
    found: list[str] = []
    places: list[str] = []
    held: list[str] = []
    slipped = False
    for nickname in sorted(general().nicknames, key=len, reverse=True):
        written = _found(text, nickname)
        if written is None:
            continue
        ids = general().nicknames[nickname]
        if not ids or _held(text, written):
            held += [p for p in ids if p not in held]
            kept.append(written)
            text = text.replace(written, f"\x00{len(kept) - 1}\x00")
            continue
        target = places if _is_place(nickname) else found
        target += [p for p in ids if p not in target]
        slipped = slipped or (written != nickname and target is found)
        if target is found:
            at.update({p: min(at.get(p, len(original)), original.find(written)) for p in ids})
        text = text.replace(written, "")
    for index, nickname in enumerate(kept):
        text = text.replace(f"\x00{index}\x00", nickname)
    if found:
        found.sort(key=lambda p: at.get(p, len(original)))
        return Naming(found, text, "typo" if slipped else "named")
    spelled, rest = _from_pinyin(question)
    if spelled:
        return Naming(spelled, naming(rest).rest if rest != question else rest, "pinyin")
    group = next((name for name in general().groups if name in question), None)
    if group is not None:  # 先进个人: those programmes, of the place's if it names one too
        ids = list(general().groups[group])
        narrowed = [p for p in places if p in ids]
        return _described(narrowed or ids, text.replace(group, ""), "group", question)
    if places:
        return _described(places, text, "place", question)
    if not held and any(w in question for w in _POINTING) and \
            not any(w in question for w in _WHICH):  # “给农民工评的那个奖”, not “能报啥奖”
        every = [p.id for p in programmes()]
        pointed = _described(every, text, "cue", question)
        if len(pointed.ids) <= 2:
            return Naming(pointed.ids, text, "cue")
    return Naming(held, text, "held" if held else "none")


def _described(ids: list[str], rest: str, how: str, question: str) -> Naming:
    """Of the programmes a place or group word leaves open, those the question's other words
    describe best (农民工 and 单位: the migrant-worker collective). Only a description that
    leaves one programme is `described`, a name in its own right; one that leaves several keeps
    the place's weakness, so the programme the applicant deals with still decides."""
    if len(ids) < 2:
        return Naming(ids, rest, how)
    said = apply_synonyms(clean(question), general().synonyms)
    hits = {p: 0 for p in ids}
    for word, targets in general().cues.items():
        if word in question or word in said:
            for p in targets:
                if p in hits:
                    hits[p] += 1
    best = max(hits.values())
    narrowed = [p for p in ids if hits[p] == best] if best else ids
    if len(narrowed) == 1:
        return Naming(narrowed, rest, "described")
    return Naming(narrowed, rest, how)


def named_programmes(question: str) -> tuple[list[str], str]:
    """Programme ids the question names and the question without the names (see `naming`)."""
    found = naming(question)
    return found.ids, found.rest
