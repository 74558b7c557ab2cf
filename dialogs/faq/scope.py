"""Which programmes a question is about, and the words that only say what it asks.

A name in the question wins over the conversation, and of several names the one the applicant
deals with; a place, a word for a group (先进个人) or a title already held yields to the
programme being screened or applied for. “能同时再报个X吗” while applying for Y is about Y and
X together.
"""

from __future__ import annotations

from collections.abc import Sequence

from dialogs.faq.entries import general
from dialogs.faq.names import naming
from dialogs.faq.passages import relevant

# Names that yield to the programme the applicant deals with.
WEAK = ("place", "group", "held", "cue")
_TOGETHER = ("同时", "一起", "都报", "也报", "再报", "两个都")


def programmes_in_question(question: str, context: Sequence[str]) -> tuple[list[str], str, str]:
    """The programmes in question, how they were found, and the question without their names.
    A name wins over the conversation; of several named, the one the applicant deals with."""
    found = naming(question)
    together = any(w in question for w in _TOGETHER)
    if found.how in WEAK and context and together and not set(found.ids) & set(context):
        # “能不能顺便把农民工那个也报了” while applying for another: both together
        return [context[0], *found.ids], found.how, found.rest
    if found.how in WEAK and context:  # “有人报先进个人” while applying for a collective
        return list(context), "conversation", found.rest
    if found.ids:
        inside = [p for p in found.ids if p in context]
        if not inside and context and together:
            # “能同时再报个X吗” while applying for Y: a question about Y and X together
            return [context[0], *found.ids], found.how, found.rest
        return (inside[:1] if len(inside) == 1 else found.ids), found.how, found.rest
    if context:
        return list(context), "conversation", found.rest
    return [], "none", found.rest


def shared_notes(group: Sequence[str], question: str, words: str) -> list[str]:
    """The notice sentences that answer the question for every programme of a small group,
    when they are the same for all (the four Jilin awards share one notice)."""
    if not 2 <= len(group) <= 4:
        return []
    found = [relevant(p, question, words, strict=False) for p in group]
    return found[0] if found[0] and all(f == found[0] for f in found) else []


def topic_words(topic: str, phrasing: str) -> str:
    """Every word that only says which topic is asked (its phrasings and intent words): what a
    question says beyond them is what a sentence of the notice may answer."""
    return " ".join([phrasing, *general().topics.get(topic, ()),
                     *general().intents.get(topic, ())])
