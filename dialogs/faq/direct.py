"""The direct answer a clerk gives first: one or two sentences with the fact asked.

“截止到哪天” gets the date, “能提前交吗” 能 or 不能 with the notice's words, “电子版发哪” the
address, “写多少字” the word count, “奖金多少” the amount, “一个县推几个” the quota in the
notice's own words (推荐5名 is not 不超过5名). Each sentence is built from the pack at answer
time, so it never disagrees with the rules, and says plainly when the notice is silent. The
full answer (generated.py) follows on request.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from dialogs.faq.direct_rules import age, criteria, retired, skill, years
from dialogs.faq.items import format_clauses, shared_length
from dialogs.faq.matching import clean
from dialogs.faq.names import named_programmes
from dialogs.faq.quotas import measure, quota_key
from dialogs.faq.results import when
from dialogs.i18n import t
from eligibility.model import Programme, Quota, TimelineEntry
from eligibility.timeline import window_of

_LATE = re.compile(r"[^，。；]*(?:提前或逾期|逾期|超期|过期)[^，。；]*")
_WORDS = re.compile(r"\d+(?:-\d+)?字(?:左右|以内)?")
_COPIES = re.compile(r"一式[\d一两二三四五六七八九十]份|[\d一两二三四五六七八九十]份")


def _name(p: Programme, locale: str) -> str:
    return p.name_en if locale == "en" else p.name


def _join(locale: str, items: list[str]) -> str:
    return ("; " if locale == "en" else "；").join(items)


def _open_point(p: Programme, topic: str) -> str | None:
    """What the pack says the notice leaves open on `topic`, in its own words."""
    return next((u.note for u in p.unknowns if u.topic == topic), None)


# The level a question asks the date of (“市里几号前报到省厅”: the city's), lowest first.
_LEVELS = (("county", ("县里", "县级", "县区", "区县", "县上", "县人社")),
           ("city", ("市里", "市级", "市人社", "地市", "省辖市", "市州")),
           ("province", ("省里", "省级", "省人社")))


def _level_entry(p: Programme, question: str) -> TimelineEntry | None:
    """The dated step of the level the question names, when the notice dates that level."""
    for level, words in _LEVELS:
        if any(w in question for w in words):
            return next((e for e in p.timeline
                         if e.who == level and e.kind == "deadline" and e.end), None)
    return None


def _named_step(p: Programme, question: str) -> TimelineEntry | None:
    """The dated step the question names by three characters or more of its own words
    (“宣传活动到啥时候”: 全市开展事迹宣传活动)."""
    asked = named_programmes(clean(question))[1]
    names = (p.name, p.short_name, p.name.strip("“”"))
    dated = [(shared_length(asked, _without(e.what, names)), e) for e in p.timeline
             if when(e, "zh_CN")]
    best = max(dated, key=lambda pair: pair[0], default=(0, None))
    return best[1] if best[0] >= 3 else None


def _without(text: str, names: tuple[str, ...]) -> str:
    for name in names:
        text = text.replace(name, "")
    return text


def deadline(p: Programme, locale: str, today: dt.date, question: str = "") -> str:
    window = window_of(p, today)
    entry, name = window.entry, _name(p, locale)
    asked = _level_entry(p, question) if locale != "en" else None
    if asked is not None and asked is not entry and asked.end is not None:
        return t(locale, "faq.d.deadline_level", name=name, who=t(locale, f"faq.who.{asked.who}"),
                 date=asked.end.zh(), what=asked.what)
    step = _named_step(p, question) if locale != "en" else None
    if step is not None and step is not entry:
        return t(locale, "faq.d.step_date", name=name, what=step.what, when=when(step, locale))
    if entry is None or entry.end is None:
        said = _open_point(p, "applicant_deadline") if locale != "en" else None
        return t(locale, "faq.d.deadline_unknown", name=name) + (said or "")
    date = entry.end.zh() if locale != "en" else window.text_en()
    who = t(locale, f"faq.who.{entry.who}")
    if entry.start is not None and entry.start != entry.end:
        span = f"{entry.start.zh()}至{entry.end.zh()}" if locale != "en" else date
        key = "faq.d.deadline_span_noyear" if window.status == "unknown" \
            else "faq.d.deadline_span"
        return t(locale, key, name=name, who=who, span=span)
    if window.status == "unknown":
        return t(locale, "faq.d.deadline_noyear", name=name, who=who, date=date)
    if window.status == "closed":
        return t(locale, "faq.d.deadline_closed", name=name, who=who, date=date)
    return t(locale, "faq.d.deadline_open", name=name, who=who, date=date,
             days=window.days_left)


def _late_rules(p: Programme) -> list[str]:
    quotes = [e.source for e in p.timeline] + [p.submission.source]
    found = [m.group(0).strip() for q in quotes for m in _LATE.finditer(re.sub(r"\s+", "", q))]
    return list(dict.fromkeys(found))


def late(p: Programme, locale: str, today: dt.date, question: str = "") -> str:
    rules = _late_rules(p)
    when = deadline(p, locale, today)
    if not rules:
        return t(locale, "faq.d.late_none", name=_name(p, locale), deadline=when)
    early = "提前" in question
    if early and not any("提前" in r for r in rules):
        return t(locale, "faq.d.late_only_overdue", rule=rules[0], deadline=when)
    return t(locale, "faq.d.late", rule=_join("zh", rules), deadline=when)


def email(p: Programme, locale: str, today: dt.date, question: str = "") -> str:
    name = _name(p, locale)
    if p.submission.email:
        return t(locale, "faq.d.email", name=name, email=p.submission.email)
    listed = next((c.email for c in p.contacts if c.email), None)
    if listed:
        return t(locale, "faq.d.email_contact", name=name, email=listed)
    return t(locale, "faq.d.email_none", name=name)


def send(p: Programme, locale: str, today: dt.date, question: str = "") -> str:
    parts = [t(locale, "faq.d.send", name=_name(p, locale),
               office=p.submission.receiving_office.name)]
    if p.submission.address:
        parts.append(t(locale, "faq.d.send_address", address=p.submission.address))
    if p.submission.email:
        parts.append(t(locale, "faq.d.send_email", email=p.submission.email))
    return "".join(parts)


def words(p: Programme, locale: str, today: dt.date, question: str = "") -> str:
    items = []
    for d in p.documents:
        w = d.spec.words
        if w and (w.target or w.min or w.max):
            said = _WORDS.search(re.sub(r"\s+", "", d.source))
            items.append(f"{d.name}{said.group(0) if said else ''}")
    for f in p.form.fields:
        quoted = re.sub(r"\s+", "", f.words_source or f.source or "")
        said = _WORDS.search(quoted)
        if said:
            items.append(f"{p.form.title}“{f.label}”栏{said.group(0)}")
    for column in p.summary_table.columns:
        said = _WORDS.search(column.label)
        if said:
            items.append(f"{p.summary_table.title}“{column.label}”栏")
    items.sort(key=lambda item: -shared_length(question, item))
    if not items:
        return t(locale, "faq.d.words_none", name=_name(p, locale))
    return t(locale, "faq.d.words", name=_name(p, locale), items=_join("zh", items))


def reward(p: Programme, locale: str, today: dt.date, question: str = "") -> str:
    name = _name(p, locale)
    if not p.rewards:
        return t(locale, "faq.d.reward_none", name=name)
    items = _join("zh", [r.what for r in p.rewards])
    if any(r.amount_yuan for r in p.rewards):
        return t(locale, "faq.d.reward", name=name, items=items)
    return t(locale, "faq.d.reward_no_amount", name=name, items=items)


def _quota_words(q: Quota, p: Programme, locale: str) -> str:
    """A quota as the notice says it: its own sentence when short (“每个县区推荐5名“技能创业
    之星””, “不超过2人”); a row of a table in the table's unit (推荐3个)."""
    source = re.sub(r"\s+", "", q.source)
    said = q.count is None or re.search(rf"(?<!\d){q.count}[名人个]", source)
    if locale != "en" and "……" not in source and len(source) <= 45 and said:
        return source
    if q.count is None:
        return q.note or source
    return t(locale, quota_key(q), n=q.count, unit=q.unit or "",
             measure=measure(q, p, locale)).strip()


def quota(p: Programme, locale: str, today: dt.date, question: str = "") -> str:
    """The quotas in the notice's words; of a per-city table only the row the question names."""
    items = []
    for q in p.quotas:
        if q.count is None and q.ratio_max is None:
            continue
        if q.scope == "per_city":
            if q.unit and q.unit.removesuffix("市") in question and q.count is not None:
                items.insert(0, t(locale, "faq.quota.per_city", n=q.count, unit=q.unit,
                                  measure=measure(q, p, locale)))
            continue
        items.append(_quota_words(q, p, locale))
    items = [item.rstrip("。.") for item in dict.fromkeys(items)]
    items = [i for i in items if not any(i != other and i in other for other in items)]
    if not items:
        return t(locale, "faq.d.quota_none", name=_name(p, locale))
    return t(locale, "faq.d.quota", name=_name(p, locale), items=_join(locale, items))


def contact(p: Programme, locale: str, today: dt.date, question: str = "") -> str:
    name = _name(p, locale)
    with_phone = [c for c in p.contacts if c.phone]
    if not with_phone:
        units = _join("zh", [c.unit for c in p.contacts]) or p.submission.receiving_office.name
        return t(locale, "faq.d.contact_none", name=name, unit=units)
    c = with_phone[0]
    return t(locale, "faq.d.contact", name=name, people="、".join(c.people) or "-",
             phones="、".join(c.phone), unit=c.unit)


def publicity(p: Programme, locale: str, today: dt.date, question: str = "") -> str:
    items = [e.what for e in p.timeline if "公示" in e.what or "公示" in e.source]
    if not items:
        return t(locale, "faq.d.publicity_none", name=_name(p, locale))
    return t(locale, "faq.d.publicity", name=_name(p, locale), items=_join("zh", items))


def category(p: Programme, locale: str, today: dt.date, question: str = "",
             yours: str | None = None) -> str:
    name = _name(p, locale)
    if not p.categories:
        return t(locale, "faq.d.category_none", name=name)
    names = [c.name_en if locale == "en" else c.name for c in p.categories]
    text = t(locale, "faq.d.category", name=name, n=len(names), items="、".join(names))
    chosen = next((c for c in p.categories if c.id == yours), None)
    if chosen is not None:
        text += t(locale, "faq.d.category_yours",
                  category=chosen.name_en if locale == "en" else chosen.name)
    return text


def photo(p: Programme, locale: str, today: dt.date, question: str = "") -> str:
    photos = [d for d in p.documents if d.kind == "photo"]
    if not photos:
        return t(locale, "faq.d.photo_none", name=_name(p, locale))
    items = [f"{d.name}{f'{d.spec.count}张' if d.spec.count else ''}"
             + (f"（{d.note}）" if d.note else "") for d in photos]
    return t(locale, "faq.d.photo", name=_name(p, locale), items=_join("zh", items))


def documents(p: Programme, locale: str, today: dt.date, question: str = "") -> str:
    mine = [d for d in p.documents if d.kind != "report" and "推荐单位提交" not in d.name]
    names = [(d.name_en if locale == "en" else d.name) for d in mine]
    text = t(locale, "faq.d.documents", name=_name(p, locale), n=len(names),
             items=_join(locale, names))
    unlisted = _open_point(p, "documents") if locale != "en" else None
    return f"{text}{unlisted}" if unlisted else text


def process(p: Programme, locale: str, today: dt.date, question: str = "") -> str:
    """Where the packet goes and the first two steps of the route (公示 often is one)."""
    return t(locale, "faq.d.process", name=_name(p, locale),
             office=p.submission.receiving_office.name,
             first=_join("zh", p.submission.route[:2]))


def copies(p: Programme, locale: str, today: dt.date, question: str = "") -> str:
    items = []
    for d in p.documents:
        if d.spec.copies and d.kind != "report":
            said = _COPIES.search(re.sub(r"\s+", "", d.source))
            items.append(f"{d.name}{said.group(0) if said else f'{d.spec.copies}份'}")
    if not items:
        return t(locale, "faq.d.copies_none", name=_name(p, locale))
    return t(locale, "faq.d.copies", name=_name(p, locale), items=_join("zh", items))


def format_(p: Programme, locale: str, today: dt.date, question: str = "") -> str:
    """The notice's clauses on the form of the material the question asks (字体, 正反打印)."""
    found = format_clauses(p, question) if locale != "en" else []
    if not found:
        return t(locale, "faq.d.format_none", name=_name(p, locale))
    return t(locale, "faq.d.format", name=_name(p, locale), items="；".join(found))


DIRECT: dict[str, Callable[..., str]] = {
    "years": years, "skill": skill, "retired": retired, "copies": copies,
    "deadline": deadline, "late": late, "email": email, "send": send, "words": words,
    "reward": reward, "quota": quota, "contact": contact, "publicity": publicity,
    "category": category, "photo": photo, "documents": documents, "criteria": criteria,
    "age": age, "process": process, "format": format_,
}
