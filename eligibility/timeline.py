"""Where a programme stands on a given day: open, upcoming, closed or unknown.

The date that matters to an applicant is the one by which their receiving office must send the
packets on (`applicant_deadline` in the pack). A notice that gives no year (长春: “10月24-26日”)
or no date at all (吉林) yields `unknown`, never an invented date.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from eligibility.model import PartialDate, Programme, TimelineEntry

Status = Literal["open", "upcoming", "closed", "unknown"]


@dataclass(frozen=True)
class Window:
    status: Status
    entry: TimelineEntry | None
    days_left: int | None
    opens: dt.date | None = None
    """The first day of the round (its own start, else the notice's publication)."""

    @property
    def deadline(self) -> PartialDate | None:
        return self.entry.end if self.entry else None

    def to_dict(self) -> dict[str, Any]:
        deadline = self.deadline
        return {
            "status": self.status,
            "deadline": _iso(deadline) if deadline else None,
            "opens": self.opens.isoformat() if self.opens else None,
            "what": self.entry.what if self.entry else None,
            "days_left": self.days_left,
            "text": self.text_zh(),
        }

    def text_zh(self) -> str:
        if self.entry is None or self.deadline is None:
            return "本期时间未公布，以当地人社部门通知为准"
        end = self.deadline.zh()
        if self.status == "unknown":
            start = f"{self.entry.start.zh()}至" if self.entry.start else ""
            return f"{start}{end}（通知未写明年份），以当地人社部门通知为准"
        if self.status == "closed":
            return f"本期已截止（{end}）"
        if self.status == "upcoming" and self.opens is not None:
            return (f"{self.opens.year}年{self.opens.month}月{self.opens.day}日开始受理，"
                    f"截止：{end}")
        return f"截止：{end}，还有 {self.days_left} 天"


    def text_en(self) -> str:
        if self.entry is None or self.deadline is None:
            return "No dates published; follow your local HR office's notice"
        end = _english(self.deadline)
        if self.status == "unknown":
            start = f"{_english(self.entry.start)} to " if self.entry.start else ""
            return f"{start}{end} (the notice gives no year); follow your local HR office"
        if self.status == "closed":
            return f"This round closed on {end}"
        if self.status == "upcoming" and self.opens is not None:
            return (f"Opens {self.opens.day} {calendar.month_name[self.opens.month]} "
                    f"{self.opens.year}, closes {end}")
        return f"Deadline: {end}, {self.days_left} days left"

    def text(self, locale: str) -> str:
        return self.text_en() if locale == "en" else self.text_zh()


def _english(value: PartialDate) -> str:
    year = f" {value.year}" if value.year else ""
    return f"{value.day} {calendar.month_name[value.month]}{year}"


def _iso(value: PartialDate) -> str:
    date = value.to_date()
    return date.isoformat() if date else f"{value.month:02d}-{value.day:02d}"


def window_of(programme: Programme, on: dt.date) -> Window:
    entry = next((t for t in programme.timeline if t.applicant_deadline), None)
    if entry is None or entry.end is None:
        return Window("unknown", entry, None)
    end = entry.end.to_date()
    if end is None:
        return Window("unknown", entry, None)
    if on > end:
        return Window("closed", entry, None)
    start = entry.start.to_date() if entry.start else _issued(programme, end)
    if start is not None and on < start:
        return Window("upcoming", entry, (end - on).days, start)
    return Window("open", entry, (end - on).days, start)


def _issued(programme: Programme, end: dt.date) -> dt.date | None:
    """Without an opening date of its own, a round opens when the notice's first dated step
    before its deadline begins (its publication): no round is open before its notice."""
    starts = [d for t in programme.timeline
              if t.start and (d := t.start.to_date()) is not None and d <= end]
    return min(starts) if starts else None
