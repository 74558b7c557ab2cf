"""The shape of a round file: what one edition of a programme's notice changes.

A programme's pack keeps what stays from one notice to the next (criteria, documents, form,
FAQ), quoting the notice it was written from. A round carries its own notice text and the parts
every new notice restates: its edition and year, the dates of the whole chain (`timeline`), the
quotas per level, the submission route, the chain's quotes, the contacts and the summary, each
`source:` quoting the round's notice. A rule, category, document or office check the new notice
changed is given again (`criteria:` …, replacing the pack's entry of the same id or adding
one); one it no longer asks for is `withdrawn`.

`review` records the office's decisions on the differences a new notice shows
(`eligibility.rounds.differences`): a proposed re-quote confirmed, a pack quote kept because the
new notice still means it, a new line that states no rule. A round opens only when every
difference has one.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

ROUND_KEYS = ("edition", "year", "summary", "timeline", "quotas", "submission", "chain",
              "contacts", "rewards", "unknowns")
"""Top-level pack keys a round replaces as a whole."""

OVERRIDE_KEYS = ("criteria", "categories", "documents", "declarations", "office_checks")
"""Pack lists whose entries a round replaces or adds by id."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Withdrawn(Strict):
    """An entry of the pack the round's notice no longer asks for."""

    section: Literal["criteria", "categories", "documents", "declarations", "office_checks"]
    id: str
    note: str = Field(min_length=2, description="why: what the new notice says instead")


class Decision(Strict):
    """The office's word on one difference.

    - `was` + `now`: a quote of the previous round re-quoted from the new notice (the tool
      proposes it when only the numbers changed); `settled` once the office checked it.
    - `was` alone, `settled` with a `note`: a quote of the stable pack that the new notice words
      differently but still means (only the pack's own sections; a round's dates and quotas are
      always re-quoted).
    - `line`, `settled` with a `note`: a line of the new notice that states no rule (a heading,
      a call to publicise).
    """

    path: str = ""
    was: str | None = None
    now: str | None = None
    line: str | None = None
    settled: bool = False
    note: str = ""


class RoundFile(Strict):
    programme: str
    round: str = Field(pattern=r"^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$")
    based_on: str
    notice_text: str = Field(min_length=20)
    edition: str
    year: int | None = None
    summary: str
    timeline: list[Any]
    quotas: list[Any]
    submission: dict[str, Any]
    chain: list[Any]
    contacts: list[Any]
    rewards: list[Any] = []
    unknowns: list[Any] = []
    criteria: list[Any] = []
    categories: list[Any] = []
    documents: list[Any] = []
    declarations: list[Any] = []
    office_checks: list[Any] = []
    withdrawn: list[Withdrawn] = []
    review: list[Decision] = []

    @field_validator("notice_text")
    @classmethod
    def _tidy(cls, text: str) -> str:
        """Tabs as spaces and no trailing blanks, so the file shows the notice as a block; the
        quotes ignore whitespace, so nothing they match changes."""
        return "\n".join(line.expandtabs(4).rstrip() for line in text.splitlines()) + "\n"
