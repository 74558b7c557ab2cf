"""What a question asks, by the words that say it: 提前 / 逾期 (early or late hand-in), 邮箱, 字数.

A clerk hears “材料哪几天交” as a question about the date and “材料提前交行不” as one about
handing in early, although both say 材料. Fuzzy matching over phrasings weighs every word alike,
so the words that name what is asked are read first, most specific first; the phrasings only
decide when none of them is there. The words are data (`intents:` in dialogs/data/faq.yaml),
written the way applicants type them.
"""

from __future__ import annotations

import re

from dialogs.faq.entries import general
from dialogs.faq.matching import clean

# A count stated, not asked: in “带了十几个人” the 几个人 after 十 (数, 好, a digit) asks nothing.
_STATED = re.compile(r"[\d十百千数好]$")


def _asks(text: str, word: str) -> bool:
    """`word` is in `text` as asked: at least once not right after a number that states a count."""
    start = text.find(word)
    while start >= 0:
        if not _STATED.search(text[:start]):
            return True
        start = text.find(word, start + 1)
    return False


def intent(question: str) -> str | None:
    """The topic the question's own words ask about, or None: the words as typed (synonyms
    are not applied, so 几号 stays a date and 表彰奖励 written for 省级荣誉 is no reward),
    and the same cleaned of punctuation and fillers."""
    raw = question.lower()
    normal = clean(question)
    for topic, words in general().intents.items():
        if any(_asks(raw, word) or _asks(normal, word) for word in words):
            return topic
    return None
