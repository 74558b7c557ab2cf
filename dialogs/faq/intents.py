"""What a question asks, by the words that say it: 提前 / 逾期 (early or late hand-in), 邮箱, 字数.

A clerk hears “材料哪几天交” as a question about the date and “材料提前交行不” as one about
handing in early, although both say 材料. Fuzzy matching over phrasings weighs every word alike,
so the words that name what is asked are read first, most specific first; the phrasings only
decide when none of them is there. The words are data (`intents:` in dialogs/data/faq.yaml),
written the way applicants type them.
"""

from __future__ import annotations

from dialogs.faq.entries import general
from dialogs.faq.matching import clean


def intent(question: str) -> str | None:
    """The topic the question's own words ask about, or None: the words as typed (synonyms
    are not applied, so 几号 stays a date and 表彰奖励 written for 省级荣誉 is no reward),
    and the same cleaned of punctuation and fillers."""
    raw = question.lower()
    normal = clean(question)
    for topic, words in general().intents.items():
        if any(word in raw or word in normal for word in words):
            return topic
    return None
