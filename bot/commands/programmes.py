"""`awardbot programmes list|check|audit`: what the packs hold, whether they are sound, and
the audit table of each (docs/audit/).

`check` is what a pack author runs after editing YAML: it loads every pack with the full
validation (schema, vocabulary, verbatim quotes) and runs every pack's cases; with `--round
FILE` it checks that next round's file the same way instead (`bot.commands.rounds`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import unicodedata
from pathlib import Path

from bot.commands import rounds, today
from eligibility import PackError, load_all
from eligibility.audit import audit_index, audit_table
from eligibility.cases import run_pack_cases
from eligibility.loader import programmes_dir
from eligibility.model import Programme
from eligibility.timeline import window_of

STATUS_ZH = {"open": "受理中", "upcoming": "未开始", "closed": "已截止", "unknown": "时间未定"}


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("programmes", help="list or check the programme packs")
    actions = parser.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="a readable table of the programmes")
    today.add_option(listing)
    listing.set_defaults(handler=run_list)
    check = actions.add_parser("check", help="validate every pack and run its cases")
    check.add_argument("--round", type=Path, action="append", default=[], metavar="FILE",
                       help="check this round file (awardbot programmes new-round) instead "
                            "of the shipped packs")
    check.set_defaults(handler=run_check)
    rounds.add_parsers(actions)
    audit = actions.add_parser("audit", help="write the audit table of every pack (docs/audit)")
    audit.add_argument("--out", type=Path, default=Path("docs/audit"),
                       help="folder for the tables (default docs/audit)")
    audit.set_defaults(handler=run_audit)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _quota(programme: Programme) -> str:
    total = next((q.count for q in programme.quotas if q.scope == "total"), None)
    return f"{total}" if total is not None else "-"


def table_rows(packs: list[Programme], on: dt.date) -> list[list[str]]:
    rows = [["id", "名称", "发布单位", "年度", "名额", "状态"]]
    for programme in packs:
        window = window_of(programme, on)
        rows.append([programme.id, programme.name, programme.issuer,
                     str(programme.year or "-"), _quota(programme),
                     f"{STATUS_ZH[window.status]}：{window.text_zh()}"])
    return rows


def run_list(args: argparse.Namespace) -> int:
    try:
        packs = list(load_all().values())
    except PackError as exc:
        print(f"awardbot programmes: {exc}", file=sys.stderr)
        return 1
    rows = table_rows(packs, today.today())
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        print("  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=False)) + "  "
              + row[-1])
    print(f"\n共 {len(packs)} 个项目 / {len(packs)} programmes")
    return 0


def run_check(args: argparse.Namespace) -> int:
    if args.round:
        return 0 if all([rounds.check_round(path) for path in args.round]) else 1
    try:
        packs = load_all()
    except PackError as exc:
        print(f"✗ {exc}", file=sys.stderr)
        return 1
    failed = 0
    for pid, programme in packs.items():
        results = run_pack_cases(programme, programmes_dir() / pid)
        bad = [(name, problems) for name, problems in results if problems]
        mark = "✗" if bad else "✓"
        print(f"{mark} {pid}: {len(programme.criteria)} criteria, "
              f"{len(programme.documents)} documents, {len(results)} cases"
              + (f", {len(bad)} failing" if bad else ""))
        for name, problems in bad:
            print(f"    ✗ {name}: {'; '.join(problems)}")
        failed += len(bad)
    print(f"{len(packs)} packs checked, {failed} failing cases")
    return 1 if failed else 0


def run_audit(args: argparse.Namespace) -> int:
    """Write docs/audit/<id>.md for every pack (rule, quote, kind, effect) and an index."""
    try:
        packs = load_all()
    except PackError as exc:
        print(f"✗ {exc}", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    for pid, programme in packs.items():
        (args.out / f"{pid}.md").write_text(audit_table(programme), encoding="utf-8")
    (args.out / "README.md").write_text(audit_index(list(packs.values())), encoding="utf-8")
    print(f"{len(packs)} audit tables written to {args.out}")
    return 0
