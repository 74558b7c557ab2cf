"""What goes into and comes out of one step of the conversation.

Outbound items carry words and choices but no markup: Telegram renders options as inline buttons,
WeChat as numbered lines, the web page as large buttons. Effects are requests to the outside
world (save this answer, record consent, delete my data) that the use case applies in the same
transaction as the new state, so an answer is never shown as saved when it was not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from dialogs.faq.saved import SavedEntries

InboundKind = Literal["text", "choice", "file", "command", "media"]


@dataclass(frozen=True)
class FileRef:
    """A file the adapter has already stored; the engine only sees its reference and metadata."""

    ref: str
    name: str = ""
    mime: str = ""
    size: int = 0
    kind: str = ""
    width: int = 0
    height: int = 0
    pages: int = 0
    sha256: str = ""
    flags: tuple[str, ...] = ()
    chars: int = 0


@dataclass(frozen=True)
class Inbound:
    kind: InboundKind
    today: dt.date
    text: str = ""
    choice: str | None = None
    command: str | None = None
    file: FileRef | None = None
    channel: str = "web"
    nonce: str = ""
    faq_saved: SavedEntries | None = None
    """FAQ entries staff saved, loaded by the caller (dialogs/ reads no database)."""
    answers: str | None = None
    """For a tapped button: the `Question.ask` of the question it was shown with."""
    media: str | None = None
    """For kind "media": what arrived instead of words (`dialogs.unexpected.MEDIA`); a
    location's place name, when the platform gives one, is in `text`."""
    scene: str | None = None
    """Where the person came from: a Telegram `/start` payload or a WeChat QR-code scene
    (a poster's programme or office), see `dialogs.scenes`."""


@dataclass(frozen=True)
class Option:
    key: str
    label: str


@dataclass(frozen=True)
class Text:
    text: str
    type: Literal["text"] = "text"


@dataclass(frozen=True)
class Question:
    """A question; `options` are tappable, `placeholder` hints the format of typed answers.

    `multi`: several options may be picked (checkboxes and 确定 on the web, “1 3” typed).
    `numbered`: a typed option number picks the option; False where a number is itself the
    answer (“几年？”), so the text channels list those options by their words.
    `max_chars`: the box's length in 字, counted while typing; `multiline`: a paragraph."""

    text: str
    options: tuple[Option, ...] = ()
    placeholder: str | None = None
    free_text: bool = True
    type: Literal["question"] = "question"
    multi: bool = False
    numbered: bool = True
    max_chars: int | None = None
    multiline: bool = False
    ask: str = ""
    """Which asking of which question this is (`dialogs.versions`): buttons carry it back,
    so a button from an older message is recognised as stale."""


@dataclass(frozen=True)
class UploadRequest:
    text: str
    item: str
    type: Literal["upload"] = "upload"


@dataclass(frozen=True)
class Link:
    text: str
    url: str
    type: Literal["link"] = "link"


Outbound = Text | Question | UploadRequest | Link
_OUTBOUND_FIELDS = {kind: tuple(f.name for f in fields(kind))
                    for kind in (Text, Question, UploadRequest, Link)}


def outbound_to_dict(item: Outbound) -> dict[str, Any]:
    """The item as `dataclasses.asdict` gives it, without its generic deep copy (every reply
    is converted, and its fields are strings, flags and a tuple of options)."""
    data = {name: getattr(item, name) for name in _OUTBOUND_FIELDS[type(item)]}
    if isinstance(item, Question):
        data["options"] = tuple({"key": o.key, "label": o.label} for o in item.options)
    return data


def outbound_from_dict(data: dict[str, Any]) -> Outbound:
    kind = data.get("type")
    if kind == "question":
        options = tuple(Option(**o) for o in data.get("options", ()))
        return Question(data["text"], options, data.get("placeholder"),
                        data.get("free_text", True), multi=data.get("multi", False),
                        numbered=data.get("numbered", True),
                        max_chars=data.get("max_chars"),
                        multiline=data.get("multiline", False), ask=data.get("ask", ""))
    if kind == "upload":
        return UploadRequest(data["text"], data["item"])
    if kind == "link":
        return Link(data["text"], data["url"])
    return Text(data["text"])


@dataclass(frozen=True)
class SaveAnswer:
    """Store a fact; `sensitive` values (ID numbers) must be encrypted and kept out of state."""

    fact: str
    value: Any
    source: Literal["typed", "derived", "document"] = "typed"
    sensitive: bool = False


@dataclass(frozen=True)
class ForgetAnswer:
    fact: str


@dataclass(frozen=True)
class RecordConsent:
    version: str
    given: bool


@dataclass(frozen=True)
class SetLocale:
    locale: str


@dataclass(frozen=True)
class DeleteAllData:
    """The applicant confirmed deletion: remove answers, files, sessions and identities."""


@dataclass(frozen=True)
class LogEvent:
    kind: str
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SubmitApplication:
    """The applicant confirmed: write the packet once and queue its forwarding, atomically."""

    application: dict[str, Any]


@dataclass(frozen=True)
class SupplementApplication:
    """An item handed in after submitting: the same packet (same receipt) built again with
    it, the status kept, and the office told what was added."""

    application: dict[str, Any]
    item: str


@dataclass(frozen=True)
class OpenTicket:
    """The applicant asked for a person: a ticket for their office (a `tickets` row the
    dashboard answers, and a `ticket.opened` event) with the question, the programme if known
    and the applicant's region."""

    question: str
    programme: str | None = None
    region: dict[str, str] = field(default_factory=dict)
    context: dict[str, str] = field(default_factory=dict)
    """Where the applicant was when they asked (flow, step, programme), for the staff."""
    dedupe_key: str = ""
    """The inbound message's key: a retried delivery must not open a second ticket."""


@dataclass(frozen=True)
class SetReminders:
    """“不再提醒” / “恢复提醒”: the applicant's reminder opt-out, kept outside the dialog state
    so the reminder worker can read it without loading every conversation."""

    enabled: bool


@dataclass(frozen=True)
class SubscribeNextRound:
    """Tell the applicant when a round of `programme` other than the one that closed on
    `seen_deadline` (ISO date, or empty when unknown) opens."""

    programme: str
    seen_deadline: str = ""


Effect = (SaveAnswer | ForgetAnswer | RecordConsent | SetLocale | DeleteAllData | LogEvent
          | SubmitApplication | SupplementApplication | OpenTicket | SetReminders
          | SubscribeNextRound)
