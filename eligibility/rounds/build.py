"""A round file read, checked and merged with its pack into the programme of that round.

The pack is always the base: its stable parts quote the pack's notice (checked when the pack
loads), the round's parts quote the round's notice (checked here), and the merged programme
then goes through every other check of a pack (`eligibility.loader.check_pack`: ids, words of
obligation, rules, fields, values and the year against the round's notice).
"""

from __future__ import annotations

import copy
import datetime as dt
from functools import cache
from typing import Any

import yaml
from pydantic import ValidationError

from eligibility.loader import (
    PackError,
    _location,
    check_pack,
    check_quotes,
    notices_dir,
    programmes_dir,
)
from eligibility.model import Programme
from eligibility.rounds.model import OVERRIDE_KEYS, ROUND_KEYS, RoundFile

NOT_SECTIONS = ("programme", "round", "based_on", "notice_text", "review", "withdrawn")


@cache
def _pack_raw(programme_id: str) -> dict[str, Any]:
    file = programmes_dir() / programme_id / "programme.yaml"
    if not file.is_file():
        raise PackError("round", "programme", f"no programme {programme_id!r}")
    raw = yaml.safe_load(file.read_text(encoding="utf-8"))
    assert isinstance(raw, dict)
    return raw


def pack_raw(programme_id: str) -> dict[str, Any]:
    """The shipped pack as written (a copy: callers may change it)."""
    return copy.deepcopy(_pack_raw(programme_id))


def pack_notice(programme_id: str) -> str:
    return (notices_dir() / str(_pack_raw(programme_id)["notice"])).read_text(encoding="utf-8")


def pack_round_id(raw: dict[str, Any]) -> str:
    """The shipped pack's own round: its year (every seed pack but 长春 names one)."""
    return str(raw.get("round") or raw.get("year") or "first")


def sections(round_file: RoundFile) -> dict[str, Any]:
    """The parts of the round that are pack data (what the merged pack takes from it)."""
    raw = round_file.model_dump(mode="python")
    return {key: value for key, value in raw.items() if key not in NOT_SECTIONS
            and (key in ROUND_KEYS or value)}


def merge(base: dict[str, Any], round_file: RoundFile) -> dict[str, Any]:
    """The pack with the round's parts in place of its own."""
    merged = copy.deepcopy(base)
    own = sections(round_file)
    for key in ROUND_KEYS:
        merged[key] = copy.deepcopy(own[key])
    for key in OVERRIDE_KEYS:
        entries = list(merged.get(key) or [])
        for entry in own.get(key, []):
            ids = [e.get("id") for e in entries]
            if entry.get("id") in ids:
                entries[ids.index(entry.get("id"))] = copy.deepcopy(entry)
            else:
                entries.append(copy.deepcopy(entry))
        merged[key] = entries
    for gone in round_file.withdrawn:
        merged[gone.section] = [e for e in merged.get(gone.section) or []
                                if e.get("id") != gone.id]
    merged["round"] = round_file.round
    return merged


def parse_round(text: str, file: str = "round") -> RoundFile:
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise PackError(file, "", f"not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise PackError(file, "", "expected a mapping at the top level")
    try:
        return RoundFile.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise PackError(file, _location(first["loc"]), first["msg"]) from None


def build(round_file: RoundFile, file: str = "round") -> Programme:
    """The programme of this round, every check of a pack passed, or a PackError."""
    base = pack_raw(round_file.programme)
    for gone in round_file.withdrawn:
        if gone.id not in {e.get("id") for e in base.get(gone.section) or []}:
            raise PackError(file, "withdrawn", f"the pack has no {gone.section} {gone.id!r}")
    check_quotes(file, sections(round_file), round_file.notice_text)
    return check_pack(file, merge(base, round_file), round_file.notice_text)


def load_round(text: str, file: str = "round") -> Programme:
    return build(parse_round(text, file), file)


def dump(round_file: RoundFile) -> str:
    """The round as YAML for an editor: the notice's text as a block, dates as dates."""
    raw = round_file.model_dump(mode="python", exclude_none=True)
    return yaml.dump(raw, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _date(dumper: yaml.SafeDumper, value: dt.date) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


_Dumper.add_representer(str, _text)
_Dumper.add_representer(dt.date, _date)
