"""The dialog state: everything needed to continue a conversation, as plain JSON.

The state is saved after every message (with a version for optimistic locking), so a restart,
a retry or a switch of channel resumes at the same question. Sensitive values never enter it:
an ID number is saved through an effect (encrypted by the store) and only its mask stays here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
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

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> DialogState:
        if not data:
            return cls()
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


@dataclass(frozen=True)
class Turn:
    state: DialogState
    outbound: tuple[Outbound, ...]
    effects: tuple[Effect, ...] = ()
