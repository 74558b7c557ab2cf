"""Quota lines in the notice's own units: 65个 where it counts 集体, 130人 or 10名 where it counts
people, a bare number where its table gives none.

The pack records the count; the unit is read from the notice's words beside it (`source`): the
word after the number (“全省共评选……先进集体65个”), or, for a row of an allocation table, the
unit its table states once (“（单位：个）”, “报送名额(共计120人)”). A question that names a
city (“洛阳能报几个”) gets that city's row of the table, not all eighteen.
"""

from __future__ import annotations

import re

from dialogs.i18n import t
from eligibility.model import Programme, Quota

_MEASURES = ("名", "人", "个")
_TABLE_UNIT = re.compile(r"单位：([名人个])|共计\d+([名人个])")


def _table_unit(programme: Programme) -> str:
    for quota in programme.quotas:
        match = _TABLE_UNIT.search(quota.source)
        if match:
            return match.group(1) or match.group(2)
    return ""


def measure(quota: Quota, programme: Programme, locale: str = "zh_CN") -> str:
    """The unit the notice counts this quota in (名, 人, 个, with 左右 when it says so); none
    in English, where the number stands alone."""
    if locale == "en":
        return ""
    match = re.search(rf"(?<!\d){quota.count}\s*([名人个])(左右)?", quota.source)
    if match:
        return match.group(1) + (match.group(2) or "")
    return _table_unit(programme)


def _short(place: str) -> str:
    return place.removesuffix("市") if len(place) > 2 else place


def _named_rows(programme: Programme, question: str) -> list[Quota]:
    return [q for q in programme.quotas if q.scope == "per_city" and q.unit
            and _short(q.unit) in question]


def quota_key(quota: Quota) -> str:
    """A total given under a name of its own (“报送名额”) is a number sent up, not chosen."""
    if quota.scope == "total" and quota.unit and quota.unit not in _MEASURES:
        return "faq.quota.total_of"
    return f"faq.quota.{quota.scope}"


def quota_lines(programme: Programme, locale: str, question: str = "") -> list[str]:
    """One line per quota of the pack, each followed by its note; only the named city's row
    of a per-city table when the question names one."""
    named = _named_rows(programme, question)
    texts = []
    for quota in programme.quotas:
        if named and quota.scope == "per_city" and quota not in named:
            continue
        if quota.count is not None:
            texts.append(t(locale, quota_key(quota), n=quota.count, unit=quota.unit or "",
                           measure=measure(quota, programme, locale)))
        if quota.note:
            texts.append(quota.note)
    return texts


def total(programme: Programme, locale: str) -> str | None:
    """The programme's total in the notice's unit (“共65个”), for the cross-programme overview."""
    quota = next((q for q in programme.quotas if q.scope == "total" and q.count), None)
    if quota is None:
        return None
    return t(locale, "faq.overview.total", n=quota.count,
             measure=measure(quota, programme, locale))
