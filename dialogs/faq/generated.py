"""Answers written from the programme packs themselves, so they never disagree with the rules.

Criteria, documents (with their specs), the window (via `eligibility.timeline.window_of`, which
says “以当地人社部门通知为准” when the notice has no date), quotas, rewards, contacts and the
route are read from `programme.yaml` at answer time and framed by catalogue messages. English
uses the pack's `text_en` / `name_en` where it has them; parts the pack has only in Chinese are
shown in Chinese under a plain note saying so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from dialogs.faq.quotas import quota_lines, total
from dialogs.i18n import t
from eligibility.model import Document, Programme
from eligibility.timeline import window_of

TOPICS = ("criteria", "age", "documents", "deadline", "quota", "reward", "contact", "process")


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


def _spec(document: Document, locale: str) -> str:
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
        parts.append(t(locale, "faq.spec.copies", n=spec.copies))
    if not document.required:
        zh_when = document.when_text if locale != "en" else None
        parts.append(zh_when or t(locale, "faq.spec.optional"))
    return f"（{'；'.join(parts)}）" if parts and locale != "en" else (
        f" ({'; '.join(parts)})" if parts else "")


def _documents(p: Programme, locale: str, today: dt.date) -> str:
    mine = [d for d in p.documents if d.kind != "report" and "推荐单位提交" not in d.name]
    texts = [(d.name_en if locale == "en" else d.name) + _spec(d, locale) for d in mine]
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


def _contact(p: Programme, locale: str, today: dt.date) -> str:
    texts = [" ".join([c.unit, *c.people, *c.phone, c.email or "", c.address or ""]).strip()
             for c in p.contacts]
    body = t(locale, "faq.gen.contact", name=_name(p, locale), lines=_lines(locale, texts))
    return _zh_only(locale, body)


def _process(p: Programme, locale: str, today: dt.date) -> str:
    steps = [f"{i}. {step}" for i, step in enumerate(p.submission.route, start=1)]
    body = t(locale, "faq.gen.process", name=_name(p, locale), lines="\n".join(steps),
             office=p.submission.receiving_office.name)
    return _zh_only(locale, body)


WRITERS: dict[str, Callable[[Programme, str, dt.date], str]] = {
    "criteria": _criteria, "age": _age, "documents": _documents, "deadline": _deadline,
    "quota": _quota, "reward": _reward, "contact": _contact, "process": _process,
}


# What the notice leaves open (the pack's `unknowns`), said with the answer it qualifies.
OPEN_POINTS = {"documents": ("documents",), "deadline": ("applicant_deadline",),
               "reward": ("rewards", "reward_amount"), "contact": ("contacts",),
               "quota": ("quota_total", "quota_distribution", "local_quota"),
               "criteria": ("local_conditions", "local_criteria"), "age": ("age_exceptions",)}


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
        else:
            detail = p.short_name if locale != "en" else p.name_en
        lines.append(t(locale, "faq.overview.line", name=_name(p, locale), detail=detail))
    key = "faq.overview" if topic in ("deadline", "reward", "quota", "contact") \
        else "faq.overview_pick"
    return t(locale, key, lines="\n".join(lines))
