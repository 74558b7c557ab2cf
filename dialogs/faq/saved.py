"""Entries saved by staff at run time (a ticket's question and answer), handed in by the caller.

The FAQ's own data is read from files once per process; saved entries live in the database,
which dialogs/ must not touch. So the caller (the bot layer) loads them and passes a
`SavedEntries` snapshot into the conversation (`Inbound.faq_saved`) and from there into
`dialogs.faq.ask` and `dialogs.faq.render`. A snapshot is immutable: a new set of entries is a
new snapshot, and the matchers built for it (one per programme scope, built on first use) are
dropped with it.

An entry with a programme answers only in that programme's scope (as a pack's own `faq.yaml`
entries do); an entry without one answers everywhere (as the general entries do).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from dialogs.faq.matching import Candidate, Matcher

PREFIX = "saved:"


@dataclass(frozen=True)
class SavedEntry:
    """One saved question (the applicant's phrasing) and the answer staff gave, in `locale`."""

    id: int
    question: str
    answer: str
    programme: str | None = None
    locale: str = "zh_CN"

    @property
    def key(self) -> str:
        return f"{PREFIX}{self.id}"


@dataclass(frozen=True)
class SavedEntries:
    """An immutable snapshot of the saved entries; `version` names it for logs and tests."""

    entries: tuple[SavedEntry, ...] = ()
    version: str = ""
    _matchers: dict[tuple[str, ...], Matcher] = field(default_factory=dict, compare=False,
                                                      repr=False)

    def find(self, key: str) -> SavedEntry | None:
        return next((e for e in self.entries if e.key == key), None)

    def best(self, question: str, scope: Sequence[str], limit: int,
             prepare: Callable[[str], str], synonyms: dict[str, str]) -> list[Candidate]:
        """The closest saved entries in `scope` (every programme when empty); `prepare` turns a
        phrasing into what is compared (the FAQ strips programme names from both sides)."""
        wanted = tuple(sorted(scope))
        matcher = self._matchers.get(wanted)
        if matcher is None:
            matcher = Matcher(((e.key, prepare(e.question)) for e in self._in(wanted)),
                              synonyms)
            self._matchers[wanted] = matcher
        return matcher.best(question, limit=limit)

    def _in(self, scope: tuple[str, ...]) -> Iterable[SavedEntry]:
        return (e for e in self.entries
                if e.programme is None or not scope or e.programme in scope)


NONE = SavedEntries()
