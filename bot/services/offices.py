"""Which office receives a packet: the pack's receiving level applied to the applicant's place.

Offices are derived from the division list the dialogs already use (dialogs/data/regions.yaml,
GB/T 2260 names): one office per county-level division of the seed provinces, and one per city.
No administrative-division package is installed (the candidates on PyPI would need a new
dependency), so the list is derived rather than typed. Contacts come from the pack: the email and
contacts a notice gives belong to the office it names (the city bureau that collects the packets).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dialogs.regions import cities_of, counties_of
from eligibility.model import Programme

SEED_PROVINCES = ("河南省", "吉林省", "山西省")
BUREAU = "人力资源和社会保障局"


@dataclass(frozen=True)
class Office:
    """A receiving office: `key` is stable (province/city/county) and used by the dashboard."""

    key: str
    name: str
    level: str
    email: str | None = None


def all_offices() -> list[Office]:
    """Every city and county-level office of the seed provinces."""
    out = []
    for province in SEED_PROVINCES:
        for city in cities_of(province):
            out.append(Office(f"{province}/{city}", f"{city}{BUREAU}", "city"))
            for county in counties_of(province, city):
                if county != city:
                    out.append(Office(f"{province}/{city}/{county}", f"{city}{county}{BUREAU}",
                                      "county"))
    return out


def _pack_email(programme: Programme) -> str | None:
    if programme.submission.email:
        return programme.submission.email
    return next((c.email for c in programme.contacts if c.email), None)


def resolve(programme: Programme, region: dict[str, Any]) -> Office:
    """The office for this programme and place; falls back to the city when the county is not
    known, and to the pack's generic office name when the place is not known at all."""
    province, city, county = (str(region.get(k) or "") for k in ("province", "city", "county"))
    level = programme.submission.receiving_office.level
    email = _pack_email(programme)
    if province and city:
        if level == "county" and county and county != city:
            return Office(f"{province}/{city}/{county}", f"{city}{county}{BUREAU}", "county",
                          email)
        return Office(f"{province}/{city}", f"{city}{BUREAU}", "city", email)
    return Office(programme.id, programme.submission.receiving_office.name, level, email)
