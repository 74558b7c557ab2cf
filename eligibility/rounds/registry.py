"""The rounds opened so far in this process, and the programmes they make current.

Pure: the application shell reads the opened rounds from the database and installs them here
(`bot.services.rounds`); `eligibility.programmes()` then serves, for each programme, its latest
opened round (or the shipped pack while none is), and `in_round` any earlier one, so a packet
always shows the round it was made for. Installing replaces the whole set at once: a reader
sees either the old set or the new one, never half of each.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from eligibility.model import Programme


@dataclass(frozen=True)
class Opened:
    """Every opened round by programme id, in the order they opened."""

    rounds: dict[str, tuple[Programme, ...]] = field(default_factory=dict)
    version: str = ""


_opened = Opened()


def install(rounds: Iterable[Programme], version: str = "") -> None:
    """Make these opened rounds (oldest first) the current set."""
    global _opened
    by_programme: dict[str, list[Programme]] = {}
    for programme in rounds:
        by_programme.setdefault(programme.id, []).append(programme)
    _opened = Opened({pid: tuple(found) for pid, found in by_programme.items()}, version)


def version() -> str:
    return _opened.version


def current(shipped: tuple[Programme, ...]) -> tuple[Programme, ...]:
    opened = _opened.rounds
    if not opened:
        return shipped
    return tuple(opened[p.id][-1] if p.id in opened else p for p in shipped)


def in_round(shipped: Programme, round_id: str | None) -> Programme | None:
    """The programme as it was in `round_id` (None or the shipped round: the pack itself);
    None when this process does not know that round."""
    if round_id is None or round_id == shipped.round_id:
        return shipped
    return next((p for p in _opened.rounds.get(shipped.id, ()) if p.round_id == round_id),
                None)
