"""A topic answered for the programmes in question: direct first, details on request.

For one programme the answer is the clerk's one or two sentences (direct.py), with the full
answer (generated.py) as details. For several, a topic with one short fact each (dates,
money, quotas, phones, e-mail, word counts, 公示) is one line per programme; a topic whose
answer is a list (materials, criteria, the route) cannot be merged honestly, so the applicant is
asked which programme, with buttons. The notice's own sentences that answer what the question
adds (passages.py) come first when the question asks something specific (“技师学院毕业的能报
吗”) that the topic's list would bury.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dialogs.faq.direct import DIRECT
from dialogs.faq.generated import generate, overview
from dialogs.faq.items import document_answer, named_document
from dialogs.faq.results import after_handing_in, when
from dialogs.faq.situation import judge
from dialogs.i18n import t
from eligibility.model import Programme

# Topics with one short fact per programme, answerable for several at once.
ONE_LINE = frozenset({"deadline", "late", "reward", "quota", "contact", "email", "results",
                      "publicity", "words", "age", "photo", "send", "years", "skill", "retired",
                      "copies", "format"})
# Topics where a document the question names is the answer (“登记表要咋交”, “廉洁自律证明找谁开”).
BY_DOCUMENT = frozenset({"documents", "process", "send", "contact", "copies", "criteria"})
# Topics where the situation a question states (“我61了”) can be judged 能 or 不能.
JUDGED = frozenset({"criteria", "age", "years", "retired", "skill"})
# Topics whose answer is a whole list: the notice's sentence the question asks about comes first.
GENERIC = frozenset({"criteria", "documents", "process"})
_CHINESE = re.compile(r"[\u4e00-\u9fff]")
# A line break of the pack's YAML inside a Chinese sentence (“高校毕业生、 退役军人”).
_SEAM = re.compile(r"(?<=[\u4e00-\u9fff，。；、：（）“”])\s+(?=[\u4e00-\u9fff，。；、：（）“”])")
_SENTENCE_END = re.compile(r"(?<=[。！？!?])")


@dataclass(frozen=True)
class TopicAnswer:
    text: str | None
    details: str | None
    programme: str | None
    clarify: tuple[str, ...] = ()


def results_line(p: Programme, locale: str) -> str:
    """The first steps towards the result, each with the notice's date or “时间未写明”."""
    steps = after_handing_in(p)[:3]
    items = [t(locale, "faq.d.results_step", what=s.what_en if locale == "en" else s.what,
               when=when(s, locale) or t(locale, "faq.results.undated")) for s in steps]
    name = p.name_en if locale == "en" else p.name
    text = t(locale, "faq.d.results", name=name, items=_join_items(locale, items)) \
        if items else ""
    if not any(when(s, locale) for s in steps):
        text += t(locale, "faq.results.ask_office")
    return text


def _join_items(locale: str, items: list[str]) -> str:
    return ("; " if locale == "en" else "；").join(items)


def direct(p: Programme, topic: str, locale: str, today: dt.date, question: str,
           category: str | None = None) -> str | None:
    """The direct answer; in English, said to be in Chinese when the notice's words are."""
    if topic == "results":
        text: str | None = results_line(p, locale)
    elif topic == "category":
        text = DIRECT["category"](p, locale, today, question, yours=category)
    else:
        writer = DIRECT.get(topic)
        text = writer(p, locale, today, question) if writer else None
    if text and locale == "en" and _CHINESE.search(text):
        text = f"{t(locale, 'faq.zh_only')} {text}"
    return _SEAM.sub("", text) if text else text


def first_sentence(text: str) -> str:
    return next((part for part in _SENTENCE_END.split(text) if part.strip()), text)


def for_programmes(topic: str, programmes: list[Programme], locale: str, today: dt.date,
                   question: str, notes: list[str] | None = None,
                   categories: dict[str, str] | None = None) -> TopicAnswer:
    """The answer to `topic` for `programmes` (all of them when the question gave none)."""
    categories = categories or {}
    if len(programmes) == 1:
        p = programmes[0]
        details = generate(p, topic, locale, today, question)
        short = direct(p, topic, locale, today, question, categories.get(p.id))
        document = named_document(p, question) if topic in BY_DOCUMENT else None
        if document is not None:
            return TopicAnswer(document_answer(p, document, locale), details, p.id)
        verdict = judge(p, question, today, locale) if topic in JUDGED else None
        if notes and topic in GENERIC:
            said = t(locale, "faq.notice_says", lines="\n".join(notes))
            return TopicAnswer("\n".join(filter(None, [verdict, said])),
                               "\n".join(filter(None, [short, details])), p.id)
        if verdict is not None:
            return TopicAnswer("\n".join(filter(None, [verdict, short])), details, p.id)
        if notes and short:
            also = t(locale, "faq.notice_also", lines="\n".join(
                t("zh_CN", "faq.line", text=note) for note in notes))
            return TopicAnswer(f"{short}\n{also}", details, p.id)
        return TopicAnswer(short or details, details if short else None, p.id)
    same = _said_alike(topic, programmes, locale, today, question) \
        if topic not in ("deadline", "results") else None
    if same is not None:  # nothing to choose between: the notices say the same to each
        return TopicAnswer(same, None, None)
    if topic in ONE_LINE:
        lines = [direct(p, topic, locale, today, question) or "" for p in programmes]
        if topic != "results":  # a results line keeps its “以当地通知为准”
            lines = [first_sentence(line) for line in lines]
        if topic == "deadline" or topic == "results":
            return TopicAnswer("\n".join(lines), overview(programmes, topic, locale, today),
                               None)
        return TopicAnswer("\n".join(lines), None, None)
    return TopicAnswer(None, None, None, tuple(p.id for p in programmes))


def _said_alike(topic: str, programmes: list[Programme], locale: str, today: dt.date,
                question: str) -> str | None:
    """The one answer for several programmes whose direct answers differ only by their names
    (the Jilin awards, which list no documents), naming them all; None when they differ."""
    if len(programmes) > 4:
        return None
    answers = []
    for p in programmes:
        text = direct(p, topic, locale, today, question)
        if not text:
            return None
        answers.append(text.replace(p.name_en if locale == "en" else p.name, "\x00", 1))
    if any(a != answers[0] for a in answers):
        return None
    names = "、".join(p.name_en if locale == "en" else p.name for p in programmes)
    return answers[0].replace("\x00", names)
