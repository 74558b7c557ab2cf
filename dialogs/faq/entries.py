"""The FAQ's data: the general file and each pack's `faq.yaml`, validated when loaded.

A hand-written entry has an id, several phrasings and a Chinese answer (English optional); the
general file also holds the synonyms, the programme nicknames and the phrasings of the topics
whose answers are generated from the packs. A malformed file fails loudly with its path.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from dialogs.faq.generated import TOPICS
from eligibility.loader import programmes_dir


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Entry(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    questions: list[str] = Field(min_length=2)
    answer: str
    answer_en: str | None = None


class PackFaq(Strict):
    entries: list[Entry] = []


class GeneralFaq(Strict):
    synonyms: dict[str, str]
    nicknames: dict[str, list[str]]
    groups: dict[str, list[str]] = {}  # name programmes only when nothing more specific does
    cues: dict[str, list[str]] = {}  # words describing programmes (names.py `_described`)
    format_words: dict[str, list[str]] = {}  # a word asked → the notice's words answering it
    topics: dict[str, list[str]]
    intents: dict[str, list[str]] = {}  # topic → the words that say it, most specific first
    entries: list[Entry]


class FaqDataError(ValueError):
    """A FAQ file that does not match its schema; the message names the file."""


def _read(path: Path) -> object:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise FaqDataError(f"{path}: {exc}") from None


@cache
def general() -> GeneralFaq:
    path = Path(str(resources.files("dialogs").joinpath("data/faq.yaml")))
    raw = _read(path)
    try:
        data = GeneralFaq.model_validate(raw)
    except ValueError as exc:
        raise FaqDataError(f"{path}: {exc}") from None
    unknown = (set(data.topics) | set(data.intents)) - set(TOPICS)
    if unknown:
        raise FaqDataError(f"{path}: topics without a generator: {sorted(unknown)}")
    return data


def load_pack_faq(path: Path) -> PackFaq:
    if not path.is_file():
        return PackFaq()
    raw = _read(path) or {}
    try:
        return PackFaq.model_validate(raw)
    except ValueError as exc:
        raise FaqDataError(f"{path}: {exc}") from None


@cache
def pack_entries() -> dict[str, tuple[Entry, ...]]:
    """Hand-written entries per programme id, from `programmes/<id>/faq.yaml`."""
    root = programmes_dir()
    return {folder.name: tuple(load_pack_faq(folder / "faq.yaml").entries)
            for folder in sorted(root.iterdir()) if (folder / "programme.yaml").is_file()}
