"""`awardbot screen`: screen one profile, or a batch of them, and print the results as JSON.

A bad profile is a clear message on stderr and a non-zero exit, never a traceback: this command is
used by clerks and scripts that need to know exactly what to fix.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from bot.commands import today
from eligibility import ProfileError, parse_profile, screen_profile


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("screen", help="screen a profile against every programme")
    parser.add_argument("profile", nargs="?", type=Path, help="PROFILE.json")
    parser.add_argument("--on", type=_date, default=None,
                        help="screening date YYYY-MM-DD (default: --today, AWARDBOT_TODAY or "
                             "today in Beijing)")
    parser.add_argument("--jsonl", type=Path, help='one {"on": ..., "profile": {...}} per line')
    today.add_option(parser)
    parser.set_defaults(handler=run)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def screen_document(profile: Any, on: dt.date) -> dict[str, Any]:
    parsed = parse_profile(profile)
    results = screen_profile(parsed, on)
    document: dict[str, Any] = {"on": on.isoformat(),
                                "results": [r.to_dict() for r in results]}
    if parsed.warnings:
        document["warnings"] = parsed.warnings
    return document


def _print(document: dict[str, Any], out: TextIO, indent: int | None) -> None:
    out.write(json.dumps(document, ensure_ascii=False, indent=indent) + "\n")


def _run_one(path: Path, on: dt.date) -> int:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        print(f"awardbot screen: cannot read {path}: {exc.strerror}", file=sys.stderr)
        return 2
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        print(f"awardbot screen: {path} is not valid JSON: {exc}", file=sys.stderr)
        return 2
    try:
        document = screen_document(raw, on)
    except ProfileError as exc:
        print(f"awardbot screen: {path}: the profile has problems:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    _print(document, sys.stdout, indent=2)
    return 0


def _run_batch(path: Path, default_on: dt.date) -> int:
    failures = 0
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        print(f"awardbot screen: cannot read {path}: {exc.strerror}", file=sys.stderr)
        return 2
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict) or "profile" not in item:
                raise ValueError('expected {"on": "YYYY-MM-DD", "profile": {...}}')
            on = dt.date.fromisoformat(item["on"]) if item.get("on") else default_on
            document = screen_document(item["profile"], on)
        except ProfileError as exc:
            error = "; ".join(exc.problems)
        except (ValueError, TypeError) as exc:
            error = str(exc)
        else:
            _print({"line": number, **document}, sys.stdout, indent=None)
            continue
        failures += 1
        print(f"awardbot screen: {path}:{number}: {error}", file=sys.stderr)
        _print({"line": number, "error": error}, sys.stdout, indent=None)
    return 2 if failures else 0


def run(args: argparse.Namespace) -> int:
    on = args.on or today.today()
    if args.jsonl is not None:
        return _run_batch(args.jsonl, on)
    if args.profile is None:
        print("awardbot screen: give PROFILE.json or --jsonl FILE", file=sys.stderr)
        return 2
    return _run_one(args.profile, on)
