"""Outside facts (`outside_facts.yaml`): what a notice relies on without stating it, and why.

“在劳动年龄内” says nothing about which ages: the lower bound is the Labour Law's 16 and the
upper one the statutory retirement age, which since 1 January 2025 depends on the birth month
and on which of the three tracks of the NPC Standing Committee's decision applies. Those values
come from here, each with the law it comes from, never from a pack author's guess.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

Track = Literal["male", "female_55", "female_50"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RetirementTrack(Strict):
    """One transition table: from the birth month `from`, every `every_months` birth months
    add one month to the `original` age, up to `max_delay_months`."""

    original: int
    start: str = Field(alias="from", pattern=r"^\d{4}-\d{2}$")
    every_months: int
    max_delay_months: int

    def delay_months(self, birth: dt.date) -> int:
        year, month = (int(part) for part in self.start.split("-"))
        since = (birth.year - year) * 12 + birth.month - month
        return 0 if since < 0 else min(self.max_delay_months, since // self.every_months + 1)


class OutsideFact(Strict):
    what: str
    what_en: str
    values: list[int | float] = []
    source: str = Field(min_length=8)
    tracks: dict[Track, RetirementTrack] = {}
    aliases: dict[str, list[str]] = {}  # another name of a word in titles (三晋: 山西省)


class OutsideFacts(Strict):
    facts: dict[str, OutsideFact]


@cache
def outside_facts() -> dict[str, OutsideFact]:
    text = resources.files("eligibility").joinpath("outside_facts.yaml").read_text("utf-8")
    return OutsideFacts.model_validate(yaml.safe_load(text)).facts


@cache
def title_aliases() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Every (word, its other names) the outside facts give for honour titles."""
    return tuple((word, tuple(names)) for fact in outside_facts().values()
                 for word, names in fact.aliases.items())


def _add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus whole months; a birthday on the 29th-31st falls on the month's last day."""
    year, month = divmod(day.month - 1 + months, 12)
    target = (day.year + year, month + 1)
    for last in (day.day, 30, 29, 28):
        try:
            return dt.date(*target, last)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def retirement_date(birth: dt.date, track: Track) -> dt.date:
    """The day a person born on `birth` reaches the statutory retirement age of `track`."""
    table = outside_facts()["statutory_retirement_age"].tracks[track]
    return _add_months(birth, table.original * 12 + table.delay_months(birth))


def retirement_age_text(birth: dt.date, track: Track) -> str:
    """The age as the tables write it: “60周岁3个月”, or “63周岁”."""
    table = outside_facts()["statutory_retirement_age"].tracks[track]
    years, months = divmod(table.original * 12 + table.delay_months(birth), 12)
    return f"{years}周岁{months}个月" if months else f"{years}周岁"
