"""Which level of a pack's chain an office key or a staff account stands at, and the office a
packet reaches at each level.

Office keys nest by region (`河南省` ⊃ `河南省/洛阳市` ⊃ `河南省/洛阳市/洛龙区`), so the level is
the key's depth; a packet's office at a higher level is the prefix of its receiving office's
key.
"""

from __future__ import annotations

from bot.services.staff import Staff, covers
from eligibility.model import ChainLevel, Programme

DEPTH = {"province": 1, "city": 2, "county": 3}
LEVEL_NAMES = {"unit": "单位", "county": "县级", "city": "市级", "province": "省级"}


def parts(office: str) -> list[str]:
    return [part for part in office.split("/") if part]


def level_of_office(office: str) -> str:
    depth = len(parts(office))
    return {1: "province", 2: "city"}.get(depth, "county")


def office_at(level: str, office: str) -> str:
    """The key of the office at `level` above (or at) the receiving office `office`."""
    return "/".join(parts(office)[:DEPTH[level]])


def entry(programme: Programme) -> ChainLevel:
    """The level that receives the applicants' packets (the first one the tool staffs)."""
    return next(level for level in programme.chain if level.in_tool)


def receiving(programme: Programme, office: str) -> ChainLevel:
    """The level that received this packet: the receiving level, or a higher staffed level
    when the packet went straight to it (the county was not known, or 市本级也可以直接推送)."""
    level = programme.level(level_of_office(office))
    if level is not None and level.in_tool and DEPTH.get(level.id, 9) < DEPTH.get(
            entry(programme).id, 9):
        return level
    return entry(programme)


def staffed(programme: Programme) -> list[ChainLevel]:
    return [level for level in programme.chain if level.in_tool]


def above(programme: Programme, level: ChainLevel) -> ChainLevel | None:
    return programme.level(level.forwards_to) if level.forwards_to else None


def below(programme: Programme, level: ChainLevel) -> ChainLevel | None:
    """The staffed level that forwards to `level` (None at the receiving level)."""
    return programme.level_below(level.id)


def is_entry(programme: Programme, level: ChainLevel) -> bool:
    return level.id == entry(programme).id


def level_for(staff: Staff, programme: Programme) -> ChainLevel | None:
    """The level of `programme` this staff member works at, or None when the chain has no
    staffed level at their office's depth (a county clerk for 青年就业创业之星, received by
    the city)."""
    level = programme.level(level_of_office(staff.office))
    return level if level is not None and level.in_tool else None


def within(staff: Staff, office: str) -> bool:
    """Whether `office` is the staff member's office or one under it (the scope of
    `bot.services.staff.covers`)."""
    return covers(staff, office)
