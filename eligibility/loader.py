"""Loading programme packs, refusing a malformed one with the file, the path and the fault.

Besides the schema, the loader enforces the audit trail: every `source:` (and every `…_source:`,
such as a form field's `options_source`) must be found verbatim
in the pack's notice (whitespace aside; "……" may join separate passages), every fact a rule reads
must be in the vocabulary, every piece of evidence must name a document or a declaration, the
words of obligation decide hard or soft, and every number, date and list is quoted or an
outside fact (`eligibility/values.py`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from eligibility.model import Programme
from eligibility.rounds import registry
from eligibility.rule_parser import RuleError, parse_rule
from eligibility.values import unknown_outside_facts, unquoted_values
from eligibility.vocabulary import Vocabulary, vocabulary

_SPACE = re.compile(r"\s+")
_ELLIPSIS = re.compile(r"…+|\.\.\.")


class PackError(ValueError):
    def __init__(self, file: Path | str, path: str, message: str) -> None:
        super().__init__(f"{file}: {path}: {message}" if path else f"{file}: {message}")
        self.file, self.path, self.message = str(file), path, message


def programmes_dir() -> Path:
    return Path(str(resources.files("eligibility").joinpath("programmes")))


def notices_dir() -> Path:
    return Path(str(resources.files("eligibility").joinpath("notices")))


def _location(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _read_yaml(file: Path) -> Any:
    try:
        return yaml.safe_load(file.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise PackError(file, "", f"not valid YAML: {exc}") from None


def sources(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            sub = f"{path}.{key}" if path else str(key)
            if (key == "source" or str(key).endswith("_source")) and isinstance(value, str):
                yield sub, value
            else:
                yield from sources(value, sub)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from sources(value, f"{path}[{index}]")


def check_quotes(file: Path | str, raw: Any, notice: str) -> None:
    """Every `source` (and `…_source`) of `raw` is found verbatim in the notice."""
    flat = _SPACE.sub("", notice)
    for path, quote in sources(raw):
        for part in _ELLIPSIS.split(_SPACE.sub("", quote)):
            if part and part not in flat:
                raise PackError(file, path, f"quote not found in the notice: {part!r}")


def _compile(file: Path | str, raw_path: str, raw: Any, vocab: Vocabulary) -> Any:
    try:
        return parse_rule(raw, vocab, raw_path)
    except RuleError as exc:
        raise PackError(file, "", str(exc)) from None


def load_pack(folder: Path, vocab: Vocabulary | None = None) -> Programme:
    """Load and fully check one `programmes/<id>/programme.yaml`."""
    file = folder / "programme.yaml"
    raw = _read_yaml(file)
    if not isinstance(raw, dict):
        raise PackError(file, "", "expected a mapping at the top level")
    if raw.get("id") != folder.name:
        raise PackError(file, "id", f"{raw.get('id')!r} must equal the folder name "
                        f"{folder.name!r}")
    notice = notices_dir() / str(raw.get("notice"))
    if not notice.is_file():
        raise PackError(file, "notice", f"no notice file {raw.get('notice')!r} in "
                        "eligibility/notices")
    notice_text = notice.read_text(encoding="utf-8")
    check_quotes(file, raw, notice_text)
    return check_pack(file, raw, notice_text, vocab)


def check_pack(file: Path | str, raw: dict[str, Any], notice_text: str,
               vocab: Vocabulary | None = None) -> Programme:
    """Every check of a pack but the quotes: the schema, ids, words of obligation, rules, fields
    and values. A round (`eligibility.rounds`) runs it on the pack merged with its round, whose
    quotes it checks against the round's own notice."""
    vocab = vocab or vocabulary()
    try:
        pack = Programme.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise PackError(file, _location(first["loc"]), first["msg"]) from None
    _check_ids(file, pack)
    _check_obligation_words(file, pack)
    for i, criterion in enumerate(pack.criteria):
        if criterion.rule is None and criterion.kind == "hard":
            raise PackError(file, f"criteria[{i}].rule", "a hard criterion needs a rule")
        if criterion.rule is not None:
            criterion._compiled = _compile(file, f"criteria[{i}].rule", criterion.rule, vocab)
    for i, category in enumerate(pack.categories):
        if category.rule is not None:
            category._compiled = _compile(file, f"categories[{i}].rule", category.rule, vocab)
    for i, document in enumerate(pack.documents):
        if document.when is not None:
            document._when = _compile(file, f"documents[{i}].when", document.when, vocab)
    for i, form_field in enumerate(pack.form.fields):
        if form_field.fact and form_field.fact not in vocab:
            raise PackError(file, f"form.fields[{i}].fact", f"{form_field.fact!r} is not a fact")
        if form_field.when is not None:
            form_field._when = _compile(file, f"form.fields[{i}].when", form_field.when, vocab)
    _check_fields(file, pack)
    for path, fault in unknown_outside_facts(pack) + unquoted_values(pack, notice_text):
        raise PackError(file, path, fault)
    return pack


def _check_fields(file: Path | str, pack: Programme) -> None:
    """What a field names must exist, and a field filled by the system must say from what."""
    ids = [f.id for f in pack.form.fields]
    categories = {c.id for c in pack.categories}
    for i, field in enumerate(pack.form.fields):
        where = f"form.fields[{i}]"
        if ids.count(field.id) > 1:
            raise PackError(file, f"{where}.id", f"duplicate id {field.id!r}")
        if field.same_as is not None and (field.same_as not in ids or field.same_as == field.id):
            raise PackError(file, f"{where}.same_as", f"{field.same_as!r} names no other field")
        if field.filled == "office" and not field.office_pattern:
            raise PackError(file, f"{where}.office_pattern", "an office-filled field needs "
                            "the pattern of the office's name")
        if field.options and field.type not in ("choice", "multi_choice"):
            raise PackError(file, f"{where}.options", "only choice fields have options")
        if field.options and not field.options_source:
            raise PackError(file, f"{where}.options_source", "options must quote the notice")
        for category in field.categories:
            if category not in categories:
                raise PackError(file, f"{where}.categories", f"{category!r} is no category")


# The words of obligation (docs/programme-packs.md): 原则上 and 一般 qualify a rule, which then
# never refuses; 优先, 倾斜 and 重点 only order the candidates, so they carry no rule at all.
QUALIFIED = ("原则上", "一般")
ORDERING = ("优先", "倾斜")


def _check_obligation_words(file: Path | str, pack: Programme) -> None:
    for i, criterion in enumerate(pack.criteria):
        quote = criterion.quote
        if criterion.kind == "hard" and any(word in quote for word in QUALIFIED):
            raise PackError(file, f"criteria[{i}].kind", "the notice qualifies this rule with "
                            f"原则上/一般 ({quote!r}): it must be soft")
        if any(word in quote for word in ORDERING) and (criterion.kind == "hard"
                                                       or criterion.rule is not None):
            raise PackError(file, f"criteria[{i}]", "优先/倾斜 only order the candidates: a "
                            "soft criterion without a rule")


def _check_ids(file: Path | str, pack: Programme) -> None:
    for name in ("criteria", "categories", "documents", "declarations", "timeline",
                 "office_checks"):
        seen: set[str] = set()
        for i, item in enumerate(getattr(pack, name)):
            if item.id in seen:
                raise PackError(file, f"{name}[{i}].id", f"duplicate id {item.id!r}")
            seen.add(item.id)
    proofs = {d.id for d in pack.documents} | {d.id for d in pack.declarations}
    for i, criterion in enumerate(pack.criteria):
        for ref in criterion.evidence:
            if ref not in proofs:
                raise PackError(file, f"criteria[{i}].evidence", f"{ref!r} names no document "
                                "or declaration of this pack")
    fields = {f.id for f in pack.form.fields}
    for i, column in enumerate(pack.summary_table.columns):
        if column.field and column.field not in fields and column.field not in vocabulary():
            raise PackError(file, f"summary_table.columns[{i}].field",
                            f"{column.field!r} is neither a form field nor a fact")
    _check_chain(file, pack)
    if sum(1 for t in pack.timeline if t.applicant_deadline) > 1:
        raise PackError(file, "timeline", "at most one entry may be the applicant_deadline")


def _check_chain(file: Path | str, pack: Programme) -> None:
    """The chain must be one line of levels from the receiving office to a level that decides,
    naming only checks, quota scopes and deadlines the pack has."""
    if not pack.chain:
        raise PackError(file, "chain", "every pack names its chain of levels")
    ids = [level.id for level in pack.chain]
    checks = {c.id for c in pack.office_checks}
    scopes = {q.scope for q in pack.quotas}
    timeline = {t.id for t in pack.timeline}
    for i, level in enumerate(pack.chain):
        where = f"chain[{i}]"
        if ids.count(level.id) > 1:
            raise PackError(file, f"{where}.id", f"duplicate level {level.id!r}")
        if level.decides == (level.forwards_to is not None):
            raise PackError(file, where, "a level either forwards to another or decides")
        if level.forwards_to is not None and level.forwards_to not in ids[i + 1:]:
            raise PackError(file, f"{where}.forwards_to",
                            f"{level.forwards_to!r} is not a later level of the chain")
        for check in level.checks:
            if check not in checks:
                raise PackError(file, f"{where}.checks", f"{check!r} is no office_check")
        for scope in level.quotas:
            if scope not in scopes:
                raise PackError(file, f"{where}.quotas", f"the pack has no {scope!r} quota")
        if level.deadline is not None and level.deadline not in timeline:
            raise PackError(file, f"{where}.deadline", f"{level.deadline!r} is no timeline id")
    staffed = [level for level in pack.chain if level.in_tool]
    if staffed[0].id != pack.submission.receiving_office.level:
        raise PackError(file, "chain", "the first level in the tool must be the receiving "
                        f"office's level ({pack.submission.receiving_office.level})")
    if not pack.chain[-1].decides:
        raise PackError(file, "chain", "the last level decides")


def load_all(root: Path | None = None) -> dict[str, Programme]:
    root = root or programmes_dir()
    folders = sorted(p for p in root.iterdir() if (p / "programme.yaml").is_file())
    return {folder.name: load_pack(folder) for folder in folders}


@cache
def shipped() -> tuple[Programme, ...]:
    """The shipped packs, loaded once per process."""
    return tuple(load_all().values())


def programmes() -> tuple[Programme, ...]:
    """The programmes as they stand now: each shipped pack, or its latest round opened since
    (`eligibility.rounds.registry`)."""
    return registry.current(shipped())
