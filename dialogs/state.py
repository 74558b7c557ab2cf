"""The dialog state: everything needed to continue a conversation, as plain JSON.

The state is saved after every message (with a version for optimistic locking), so a restart,
a retry or a switch of channel resumes at the same question. Sensitive values never enter it:
an ID number is saved through an effect (encrypted by the store) and only its mask stays here.
"""

from __future__ import annotations

import copy
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from typing import Any

from dialogs.types import Effect, Outbound

CONSENT_VERSION = "2024-01"
LOCALES = ("zh_CN", "en")


@dataclass
class DialogState:
    locale: str = "zh_CN"
    consent: str | None = None
    flow: str = "welcome"
    step: str | None = None
    answers: dict[str, Any] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)
    pending: dict[str, Any] = field(default_factory=dict)
    programme: str | None = None
    id_mask: str | None = None
    application: dict[str, Any] = field(default_factory=dict)
    scene: str | None = None
    """The poster or QR code the person last came through (`dialogs.scenes`)."""

    def to_json(self) -> dict[str, Any]:
        """A private copy as plain JSON values, safe to change and to store."""
        return {name: plain_copy(getattr(self, name)) for name in _FIELDS}

    def json_view(self) -> dict[str, Any]:
        """The fields as a dict sharing their values, to serialise at once where a private
        copy would only be thrown away (saving the state a turn has just produced)."""
        return {name: getattr(self, name) for name in _FIELDS}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> DialogState:
        if not data:
            return cls()
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


_FIELDS = tuple(f.name for f in fields(DialogState))


def plain_copy(value: Any) -> Any:
    """A deep copy of JSON-like data, as `dataclasses.asdict` makes it, in a fraction of the
    time: the state is copied on every message, and the generic copy walks each value through
    several checks that plain dicts, lists and strings never need."""
    kind = type(value)
    if kind is dict:
        return {key: plain_copy(item) for key, item in value.items()}
    if kind is list:
        return [plain_copy(item) for item in value]
    if kind in (str, int, float, bool) or value is None:
        return value
    if kind is tuple:
        return tuple(plain_copy(item) for item in value)
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    return copy.deepcopy(value)


@dataclass(frozen=True)
class Turn:
    state: DialogState
    outbound: tuple[Outbound, ...]
    effects: tuple[Effect, ...] = ()
