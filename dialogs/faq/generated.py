"""Answers written from the programme packs themselves, so they never disagree with the rules.

Criteria, documents (with their specs), the window (via `eligibility.timeline.window_of`, which
says “以当地人社部门通知为准” when the notice has no date), quotas, rewards, contacts and the
route are read from `programme.yaml` at answer time and framed by catalogue messages. English
uses the pack's `text_en` / `name_en` where it has them; parts the pack has only in Chinese are
shown in Chinese under a plain note saying so.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from dialogs.faq.quotas import quota_lines, total
from dialogs.faq.results import after_handing_in, last_dated, when
from dialogs.i18n import t
from eligibility.model import Document, Programme
from eligibility.timeline import window_of

TOPICS = ("criteria", "age", "documents", "deadline", "quota", "reward", "contact", "process",
          "results", "late", "email", "send", "words", "photo", "publicity", "category",
          "years", "skill", "retired", "copies", "format")
_NUMERALS = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
             "九": 9, "十": 10}
_COPIES = re.compile(r"一式([\d一两二三四五六七八九十])份")


def _name(programme: Programme, locale: str) -> str:
    return programme.name_en if locale == "en" else programme.name


def _lines(locale: str, texts: list[str]) -> str:
    return "\n".join(t(locale, "faq.line", text=text) for text in texts)


def _zh_only(locale: str, body: str) -> str:
    """English readers are told plainly when the notice's details exist only in Chinese."""
    return f"{t(locale, 'faq.zh_only')}\n{body}" if locale == "en" else body


def _criteria(p: Programme, locale: str, today: dt.date) -> str:
    def texts(kind: str) -> list[str]:
        return [c.text_en if locale == "en" else c.text for c in p.criteria if c.kind == kind]

    return t(locale, "faq.gen.criteria", name=_name(p, locale),
             lines=_lines(locale, texts("hard")), soft=_lines(locale, texts("soft")))


def _age(p: Programme, locale: str, today: dt.date) -> str:
    rules = [c for c in p.criteria if "'age'" in str(c.rule) or "birth_date" in str(c.rule)]
    if not rules:
        return t(locale, "faq.gen.age_none", name=_name(p, locale))
    texts = [c.text_en if locale == "en" else c.text for c in rules]
    return t(locale, "faq.gen.age", name=_name(p, locale), lines=_lines(locale, texts))


def spec_text(document: Document, locale: str) -> str:
    """A document's requirements in brackets: words, pages, copies, whether optional."""
    spec, parts = document.spec, []
    words = spec.words
    if words and words.target:
        parts.append(t(locale, "faq.spec.words_target", n=words.target))
    elif words and words.min and words.max:
        parts.append(t(locale, "faq.spec.words", low=words.min, high=words.max))
    elif words and words.max:
        parts.append(t(locale, "faq.spec.words_max", high=words.max))
    elif words and words.min:
        parts.append(t(locale, "faq.spec.words_min", low=words.min))
    if spec.count:
        parts.append(t(locale, "faq.spec.count", n=spec.count))
    if spec.copies:
        parts.append(_copies(document, locale))
    if not document.required:
        zh_when = document.when_text if locale != "en" else None
        parts.append(zh_when or t(locale, "faq.spec.optional"))
    return f"（{'；'.join(parts)}）" if parts and locale != "en" else (
        f" ({'; '.join(parts)})" if parts else "")


def _copies(document: Document, locale: str) -> str:
    """The number of copies in the notice's own words (一式四份) when its quote says it."""
    said = _COPIES.search(document.source) if locale != "en" else None
    if said and _NUMERALS.get(said[1], int(said[1]) if said[1].isdigit() else 0) == \
            document.spec.copies:
        return said[0]
    return t(locale, "faq.spec.copies", n=document.spec.copies)


def _documents(p: Programme, locale: str, today: dt.date) -> str:
    mine = [d for d in p.documents if d.kind != "report" and "推荐单位提交" not in d.name]
    texts = [(d.name_en if locale == "en" else d.name) + spec_text(d, locale) for d in mine]
    return t(locale, "faq.gen.documents", name=_name(p, locale), lines=_lines(locale, texts))


def _deadline(p: Programme, locale: str, today: dt.date) -> str:
    window = window_of(p, today)
    return t(locale, "faq.gen.deadline", name=_name(p, locale), text=window.text(locale))


def _quota(p: Programme, locale: str, today: dt.date, question: str = "") -> str:
    body = t(locale, "faq.gen.quota", name=_name(p, locale),
             lines=_lines(locale, quota_lines(p, locale, question)))
    return _zh_only(locale, body)


def _reward(p: Programme, locale: str, today: dt.date) -> str:
    if not p.rewards:
        return t(locale, "faq.gen.reward_none", name=_name(p, locale))
    texts = [r.what for r in p.rewards]
    body = t(locale, "faq.gen.reward", name=_name(p, locale), lines=_lines(locale, texts))
    if not any(r.amount_yuan for r in p.rewards):
        body += "\n" + t(locale, "faq.gen.reward_no_amount")
    return _zh_only(locale, body)


def _sending(p: Programme, locale: str, given: str = "") -> list[str]:
    """Where the material goes: the address and e-mail of the submission, unless `given`
    (the contacts already listed) says them."""
    lines = []
    if p.submission.address and p.submission.address not in given:
        lines.append(t(locale, "faq.gen.send_address", address=p.submission.address))
    if p.submission.email and p.submission.email not in given:
        lines.append(t(locale, "faq.gen.send_email", email=p.submission.email))
    return lines


def _contact(p: Programme, locale: str, today: dt.date) -> str:
    """Every contact the notice gives: people, phones, e-mail, the address the material is
    sent to, and the office that receives the applicant's material."""
    texts = [" ".join([c.unit, *c.people, *c.phone, c.email or "", c.address or ""]).strip()
             for c in p.contacts]
    texts += _sending(p, locale, " ".join(texts))
    texts.append(t(locale, "faq.gen.receiving_office", office=p.submission.receiving_office.name))
    body = t(locale, "faq.gen.contact", name=_name(p, locale), lines=_lines(locale, texts))
    return _zh_only(locale, body)


def _process(p: Programme, locale: str, today: dt.date) -> str:
    steps = [f"{i}. {step}" for i, step in enumerate(p.submission.route, start=1)]
    body = t(locale, "faq.gen.process", name=_name(p, locale), lines="\n".join(steps),
             office=p.submission.receiving_office.name)
    sending = _sending(p, locale)
    return _zh_only(locale, "\n".join([body, *sending]))


def _results(p: Programme, locale: str, today: dt.date) -> str:
    """The steps from the handed-in application to the result, each with the notice's date."""
    steps = after_handing_in(p)
    texts = [t(locale, "faq.results.step", what=step.what_en if locale == "en" else step.what,
               when=when(step, locale) or t(locale, "faq.results.undated")) for step in steps]
    body = t(locale, "faq.gen.results", name=_name(p, locale), lines=_lines(locale, texts))
    if not any(when(step, locale) for step in steps):
        body += "\n" + t(locale, "faq.results.ask_office")
    return f"{body}\n{t(locale, 'faq.results.notify')}"


def _categories(p: Programme, locale: str, today: dt.date) -> str:
    """Every category with what the notice says it is, for choosing one."""
    if not p.categories:
        return t(locale, "faq.d.category_none", name=_name(p, locale))
    texts = [f"{c.name_en if locale == 'en' else c.name}"
             + (f"：{c.description}" if c.description and locale != "en" else "")
             for c in p.categories]
    return t(locale, "faq.gen.categories", name=_name(p, locale), lines=_lines(locale, texts))


WRITERS: dict[str, Callable[[Programme, str, dt.date], str]] = {
    "criteria": _criteria, "age": _age, "documents": _documents, "deadline": _deadline,
    "quota": _quota, "reward": _reward, "contact": _contact, "process": _process,
    "results": _results, "late": _deadline, "email": _contact, "send": _process,
    "words": _documents, "photo": _documents, "publicity": _results,
    "category": _categories, "years": _criteria, "skill": _criteria, "retired": _criteria,
    "copies": _documents, "format": _documents,
}


# What the notice leaves open (the pack's `unknowns`), said with the answer it qualifies.
OPEN_POINTS = {"documents": ("documents",), "deadline": ("applicant_deadline",),
               "reward": ("rewards", "reward_amount"), "contact": ("contacts",),
               "quota": ("quota_total", "quota_distribution", "local_quota"),
               "criteria": ("local_conditions", "local_criteria"), "age": ("age_exceptions",),
    "late": ("applicant_deadline",), "email": ("electronic_copy_delivery", "contacts"),
    "send": ("applicant_deadline",), "words": ("documents", "deeds_length"),
    "photo": ("photo_spec",), "publicity": ("public_notice_dates", "city_review_dates"),
               "results": ("public_notice_dates", "dates_after_deadline", "city_review_dates")}


def generate(programme: Programme, topic: str, locale: str, today: dt.date,
             question: str = "") -> str:
    """The answer to `topic` for `programme`, in `locale` (zh_CN or en), followed by what the
    notice leaves open on that topic. The quota answer narrows to a city the question names."""
    locale = "en" if locale == "en" else "zh_CN"
    if topic == "quota":
        body = _quota(programme, locale, today, question)
    else:
        body = WRITERS[topic](programme, locale, today)
    notes = [u.note for u in programme.unknowns if u.topic in OPEN_POINTS.get(topic, ())]
    if notes:
        body += "\n" + _zh_only(locale, t(locale, "faq.open_points", lines=_lines(locale, notes)))
    return body


def overview(programmes: list[Programme], topic: str, locale: str, today: dt.date) -> str:
    """The short cross-programme answer when the question names no programme."""
    lines = []
    for p in programmes:
        if topic == "deadline":
            detail = window_of(p, today).text(locale)
        elif topic == "reward":
            amounts = [r.amount_yuan for r in p.rewards if r.amount_yuan]
            detail = t(locale, "faq.overview.yuan", n=amounts[0]) if amounts \
                else t(locale, "faq.overview.no_amount")
        elif topic == "quota":
            detail = total(p, locale) or "-"
        elif topic == "contact":
            detail = " ".join([*(p.contacts[0].phone if p.contacts else [])]) or "-"
        elif topic == "results":
            detail = last_dated(p, locale) or t(locale, "faq.results.ask_office")
        else:
            detail = p.short_name if locale != "en" else p.name_en
        lines.append(t(locale, "faq.overview.line", name=_name(p, locale), detail=detail))
    key = "faq.overview" if topic in ("deadline", "reward", "quota", "contact", "results") \
        else "faq.overview_pick"
    text = t(locale, key, lines="\n".join(lines))
    return f"{text}\n{t(locale, 'faq.results.notify')}" if topic == "results" else text
