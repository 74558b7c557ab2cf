"""The typed shape of a programme pack (`programme.yaml`).

A pack holds everything its notice says about one award, not only the rules, because the forms,
the packet, the reminders and the FAQ all read it. Every entry that states a rule, a document, a
date, a quota or a reward carries `source`: the notice's own words, checked verbatim at load.
Unknown keys are errors, so a typo in a pack cannot silently drop a rule.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator

from eligibility.rules import Rule

_PARTIAL_DATE = re.compile(r"^(?:(\d{4})-)?(\d{2})-(\d{2})$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Sourced(Strict):
    source: str = Field(min_length=4, description="verbatim quote from the notice")


class PartialDate(Strict):
    """A calendar date whose year the notice may leave out (长春: “10月24-26日”)."""

    year: int | None
    month: int
    day: int

    @classmethod
    def parse(cls, value: Any) -> PartialDate:
        if isinstance(value, dt.date):
            return cls(year=value.year, month=value.month, day=value.day)
        match = _PARTIAL_DATE.match(str(value))
        if not match:
            raise ValueError(f"{value!r}: expected YYYY-MM-DD, or MM-DD when the year is unknown")
        year, month, day = match.groups()
        date = dt.date(int(year or 2000), int(month), int(day))
        return cls(year=int(year) if year else None, month=date.month, day=date.day)

    def to_date(self) -> dt.date | None:
        return dt.date(self.year, self.month, self.day) if self.year else None

    def zh(self) -> str:
        prefix = f"{self.year}年" if self.year else ""
        return f"{prefix}{self.month}月{self.day}日"


class Criterion(Sourced):
    """A rule of the notice. `hard` decides the verdict; `soft` never refuses: without a rule
    it is for the office to judge (staff_checks), with one (原则上, 一般) a failing rule is an
    exception the office decides. `outside` names the outside facts (outside_facts.yaml) a
    value of the rule comes from when the notice does not state it."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    kind: Literal["hard", "soft"]
    text: str
    text_en: str
    rule: Any = None
    reason: str | None = None
    evidence: list[str] = []
    outside: list[str] = []
    note: str | None = None
    _compiled: Rule | None = PrivateAttr(default=None)

    @property
    def compiled(self) -> Rule:
        assert self._compiled is not None, f"criterion {self.id} has no rule"
        return self._compiled

    @property
    def quote(self) -> str:
        """The notice's words without the line breaks of the YAML (the notices' Chinese has no
        spaces between words), joined with one ellipsis where the source skips (……)."""
        return re.sub(r"(?:…+|\.\.\.)", "…", re.sub(r"\s+", "", self.source))


class Category(Sourced):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    name_en: str
    quota: int | None = None
    description: str | None = None
    rule: Any = None
    _compiled: Rule | None = PrivateAttr(default=None)


class WordLimit(Strict):
    target: int | None = None
    min: int | None = None
    max: int | None = None


class DocumentSpec(Strict):
    formats: list[Literal["jpeg", "png", "pdf", "docx", "heic", "paper"]] = []
    words: WordLimit | None = None
    sections: list[str] = []
    photo: str | None = None
    count: int | None = None
    copies: int | None = None
    stamp: str | None = None
    pages: str | None = None
    typography: str | None = None


class Document(Sourced):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    name_en: str
    kind: Literal["form", "essay", "id_card", "photo", "licence", "certificate", "declaration",
                  "evidence", "report", "other"]
    required: bool
    by: Literal["applicant", "office"] = "applicant"
    """Who provides it: the office's own papers (长春's 推荐报告, 专家评审意见书, 公示截图, the
    汇总表 and the 档案袋封面) are never asked of the applicant; the office generates or uploads
    them when it forwards."""
    when: Any = None
    when_text: str | None = None
    spec: DocumentSpec = DocumentSpec()
    outside: list[str] = []
    note: str | None = None
    _when: Rule | None = PrivateAttr(default=None)


class Declaration(Sourced):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    text: str
    text_en: str


FieldType = Literal[
    "text", "long_text", "table", "photo",
    "date", "month", "number", "choice", "multi_choice",
    "mobile", "landline", "phone", "email", "postcode",
    "id_number", "bank_account", "credit_code", "ethnicity", "political_status"]
"""What an application field holds; each type has its own parser and check (dialogs.fields).
`phone` takes a mobile or a landline number; `ethnicity` and `political_status` take the
national standard's names (GB/T 3304, GB/T 4762), outside facts the notices rely on."""


class FieldOption(Strict):
    """One choice as the notice words it (the label is what the form prints)."""

    label: str
    label_en: str


class FieldRange(Strict):
    """Bounds on a number or a date: numbers inclusive; dates as `today`, `birth_date` or
    YYYY-MM-DD (a date field is never in the future unless `latest` says otherwise)."""

    min: float | None = None
    max: float | None = None
    earliest: str | None = None
    latest: str | None = None


class FormField(Strict):
    """One box of the notice's form. `note` is for maintainers and the form's printer;
    applicants only ever see `hint` / `hint_en`."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str
    label_en: str
    fact: str | None = None
    prefill: bool = True
    """False when the fact only relates to the box (a rank category for 职务, the pension
    scheme for 社会保险缴纳情况): the box is then asked, not filled from the fact."""
    type: FieldType = "text"
    required: bool = True
    max_chars: int | None = None
    words: WordLimit | None = None
    """The notice's length, counted in 字 as it counts (“800字以内”, “500字左右”)."""
    words_source: str | None = None
    options: list[FieldOption] = []
    options_source: str | None = None
    """The notice's own words listing the options (checked verbatim like `source`)."""
    range: FieldRange | None = None
    hint: str | None = None
    hint_en: str | None = None
    filled: Literal["today", "region", "category", "office"] | None = None
    """Filled by the system, never asked: the day of submission, the applicant's region, the
    category chosen, or the office the notice names (`office_pattern`)."""
    office_pattern: str | None = None
    """For `filled: office`: the office's name from the region, e.g. `{city}人力资源社会保障局`
    for “推送单位指XX市人力资源社会保障局”."""
    fill_source: str | None = None
    same_as: str | None = None
    """Another field holding the same value (the cover's 姓名): never asked twice."""
    when: Any = None
    """A rule over the applicant's facts: the box is asked only while it may hold (unknown
    counts as holding); false means it does not apply and stays empty."""
    when_text: str | None = None
    categories: list[str] = []
    """Only for these categories (empty: every category)."""
    note: str | None = None
    source: str | None = Field(default=None, description="the notice's words for a limit")
    _when: Rule | None = PrivateAttr(default=None)


class Form(Sourced):
    title: str
    fields: list[FormField]
    instructions: list[str] = []
    office_boxes: list[str] = []


class SummaryColumn(Strict):
    label: str
    field: str | None = None
    note: str | None = None
    inferred: bool = False
    """A column the notice did not publish (its 附件 is missing or unreadable): the sheet marks
    it “（请核对原表）” so the office knows to check it against the official table."""


class SummaryGroup(Sourced):
    """One block of a 汇总表 that lists several programmes in one table (长春: 长春技能大奖候选人
    above 长春技术能手候选人, each ranked on its own)."""

    label: str
    programme: str


class SummaryTable(Sourced):
    title: str
    header: list[str] = []
    columns: list[SummaryColumn]
    footer: list[str] = []
    notes: list[str] = []
    """Notes starting with 注 are the notice's own and print under the table; others are for
    maintainers."""
    groups: list[SummaryGroup] = []


class Quota(Sourced):
    scope: Literal["total", "per_county", "per_city", "per_unit", "per_category", "ratio"]
    unit: str | None = None
    count: int | None = None
    ratio_min: float | None = None
    ratio_max: float | None = None
    note: str | None = None

    @property
    def in_principle(self) -> bool:
        """The notice qualifies the quota with 原则上 or 一般 (晋中: “原则上…不超过2人”): a
        guide for the office, not a limit that refuses the next recommendation."""
        return any(word in self.source for word in ("原则上", "一般"))


class Office(Strict):
    level: Literal["county", "city", "province", "unit"]
    name: str


class Submission(Sourced):
    receiving_office: Office
    route: list[str]
    delivery: list[str] = []
    email: str | None = None
    address: str | None = None
    pending_allowed: bool = False
    """Whether the notice lets a packet go in with items to follow (稍后补交); none of the
    seed notices does, so required items must be in before submitting."""
    pending_source: str | None = None


class TimelineEntry(Sourced):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    what: str
    what_en: str
    who: Literal["applicant", "unit", "county", "city", "province"]
    kind: Literal["deadline", "window", "period"]
    start: PartialDate | None = None
    end: PartialDate | None = None
    applicant_deadline: bool = False
    note: str | None = None

    @field_validator("start", "end", mode="before")
    @classmethod
    def _partial(cls, value: Any) -> Any:
        return None if value is None else PartialDate.parse(value)


class Reward(Sourced):
    what: str
    amount_yuan: int | None = None


class Contact(Sourced):
    unit: str
    people: list[str] = []
    phone: list[str] = []
    email: str | None = None
    address: str | None = None


class OfficeCheck(Sourced):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    text: str


class Unknown(Strict):
    topic: str
    note: str


LevelId = Literal["unit", "county", "city", "province"]


class Publicity(Sourced):
    """A 公示 the notice asks of a level: how long, counted how, and where it is posted."""

    days: int = Field(gt=0)
    working_days: bool
    at_least: bool = False
    """不少于N个工作日: the period may be longer, never shorter."""
    where: str


class Duty(Sourced):
    """A task the notice gives a level (ranking, filling the 汇总表), with its quote."""

    note: str | None = None


class ChainLevel(Sourced):
    """One level of the chain of offices as the notice names it.

    `quotas` names the scopes of the pack's `quotas` that bind this level's recommendations
    upward; `checks` the `office_checks` this level does (its checklist shows only these).
    `ranks`, `publicity` and `summary_table` are set only where the notice says so, each with
    its own quote; a level the tool does not staff (the applicant's own unit, which publicises
    before applying) has `in_tool: false`.
    """

    id: LevelId
    name: str
    name_en: str
    in_tool: bool = True
    forwards_to: LevelId | None = None
    deadline: str | None = Field(default=None, description="timeline id of its deadline")
    quotas: list[Literal["total", "per_county", "per_city", "per_unit", "per_category",
                         "ratio"]] = []
    checks: list[str] = []
    ranks: Duty | None = None
    publicity: Publicity | None = None
    summary_table: Duty | None = None
    decides: bool = False
    """The top of the chain: it selects the winners instead of forwarding."""


class Scope(Sourced):
    province: str
    city: str | None = None


class Programme(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    name: str
    short_name: str
    name_en: str
    issuer: str
    edition: str
    year: int | None
    notice: str
    round: str | None = None
    """The round (edition of the notice) this is: set by `eligibility.rounds` on a round
    opened after the pack shipped; the shipped pack is the round of its year."""
    applicant_kind: Literal["person", "organization"]
    scope: Scope
    summary: str
    categories: list[Category] = []
    criteria: list[Criterion]
    declarations: list[Declaration] = []
    documents: list[Document]
    form: Form
    summary_table: SummaryTable
    quotas: list[Quota]
    submission: Submission
    timeline: list[TimelineEntry]
    rewards: list[Reward] = []
    contacts: list[Contact]
    office_checks: list[OfficeCheck] = []
    unknowns: list[Unknown] = []
    chain: list[ChainLevel] = []

    @property
    def round_id(self) -> str:
        return self.round or str(self.year or "first")

    def level(self, level_id: str) -> ChainLevel | None:
        return next((level for level in self.chain if level.id == level_id), None)

    def level_below(self, level_id: str) -> ChainLevel | None:
        """The level that forwards to `level_id` (and receives its returns)."""
        return next((level for level in self.chain if level.forwards_to == level_id
                     and level.in_tool), None)
