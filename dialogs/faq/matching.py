"""Fuzzy matching of Chinese questions: normalise, apply synonyms, compare character n-grams.

People write the same question in many words (“奖金多少” / “给多少钱” / “有啥奖励”). Whole-string
edit distance is poor at that in Chinese, where there are no spaces and word order varies, so
both sides become sets of character bigrams (plus the single characters, for two-character
questions) and rapidfuzz's token-set ratio compares those sets; a plain ratio on the strings
breaks near ties. A bigram index shortlists the phrasings worth scoring, so thousands of entries
cost little more than a hundred. Synonyms are rewritten to one canonical word first
(打零工 → 灵活就业), so a phrasing only has to be written once.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz

_PUNCT = re.compile(r"[\s\u3000,，。.!！?？、;；:：\"'“”‘’（）()《》<>【】\[\]…~～·-]+")
FILLERS = ("请问", "你好", "您好", "麻烦问一下", "问一下", "想问一下", "想问", "我想知道",
           "一下", "这种情况", "这个情况", "这情况", "呀", "啊", "呢", "吧", "哈", "嘛", "哦")
SHORTLIST = 60
_SPOKEN_END = re.compile(r"(?<=..)(?<![不没])[不没]$")
_AGE = re.compile(r"[\d一二三四五六七八九十]+周?岁(?:以上|以下|以内)?")
_YEARS_AT_WORK = re.compile(r"(?<=[干做满作事了])(?<!\d)[\d一二三四五六七八九十两]{1,2}年多?了?")


def clean(text: str) -> str:
    """Lower-case, punctuation and filler words removed: the words that carry the question;
    an age in years (“35岁以上”) becomes the word 年龄, and years at work (“干了4年”, “工作满3年”)
    become 几年, whatever the number. A question closed with 不 or 没 in the spoken way
    (“能报不”, “有奖金没”) ends in 吗 like the rest."""
    out = _AGE.sub("年龄", _PUNCT.sub("", text.lower()))
    out = _YEARS_AT_WORK.sub("几年", out)
    for filler in FILLERS:
        out = out.replace(filler, "")
    return _SPOKEN_END.sub("吗", out)


def apply_synonyms(text: str, synonyms: Mapping[str, str]) -> str:
    """Rewrite every synonym to its canonical word, longest first so 外出打工 beats 打工."""
    for word in sorted(synonyms, key=len, reverse=True):
        if word in text:
            text = text.replace(word, synonyms[word])
    return text


def _pairs(text: str) -> list[str]:
    return [text[i:i + 2] for i in range(len(text) - 1)] or [text]


def grams(text: str) -> str:
    """The text as space-separated character bigrams and unigrams, for token-set matching."""
    if len(text) < 2:
        return text
    pairs = [text[i:i + 2] for i in range(len(text) - 1)]
    return " ".join(pairs + list(text))


@dataclass(frozen=True)
class Candidate:
    key: str
    phrasing: str
    score: float


class Matcher:
    """A prepared set of phrasings (each tied to an entry key) to score questions against."""

    def __init__(self, phrasings: Iterable[tuple[str, str]],
                 synonyms: Mapping[str, str]) -> None:
        self.synonyms = dict(synonyms)
        self.keys: list[str] = []
        self.texts: list[str] = []
        self.prepared: list[str] = []
        self.plain: list[str] = []
        self.index: dict[str, list[int]] = defaultdict(list)
        for position, (key, phrasing) in enumerate(phrasings):
            normal = self.normal(phrasing)
            self.keys.append(key)
            self.texts.append(phrasing)
            self.plain.append(normal)
            self.prepared.append(grams(normal))
            for gram in _pairs(normal):
                self.index[gram].append(position)

    def normal(self, text: str) -> str:
        return apply_synonyms(clean(text), self.synonyms)

    def best(self, question: str, limit: int = 3) -> list[Candidate]:
        """The best distinct entries for `question`, best first (score 0-100)."""
        normal = self.normal(question)
        if not normal:
            return []
        scored: dict[str, Candidate] = {}
        question_grams = grams(normal)
        for index in self._shortlist(normal):
            key = self.keys[index]
            gram_score = fuzz.token_set_ratio(question_grams, self.prepared[index])
            score = 0.7 * gram_score + 0.3 * fuzz.ratio(normal, self.plain[index])
            if key not in scored or score > scored[key].score:
                scored[key] = Candidate(key, self.texts[index], round(score, 1))
        return sorted(scored.values(), key=lambda c: -c.score)[:limit]

    def _shortlist(self, normal: str) -> list[int]:
        """Phrasings sharing the most bigrams with the question (Dice coefficient), so the
        exact scoring runs on a few dozen phrasings instead of all of them."""
        mine = set(_pairs(normal))
        shared: Counter[int] = Counter()
        for gram in mine:
            shared.update(self.index.get(gram, ()))
        if not shared:
            return [i for i, plain in enumerate(self.plain) if normal in plain][:SHORTLIST]
        return heapq.nlargest(SHORTLIST, shared, key=lambda i: 2 * shared[i] / (
            len(mine) + max(len(self.plain[i]) - 1, 1)))
