"""`awardbot programmes new-round ID --notice FILE` and `open-round FILE`: next year's notice
as a round file, and opening it for every process of the server.

The draft starts from the previous round (`--previous FILE`, else the last round opened in the
database, else the shipped pack's own round) and the new notice's text: every quote the new
notice no longer contains is listed, with the new words where only the digits moved (the
entry's dates and numbers already follow them), and every new line nothing quotes yet. The
office edits the file (re-quotes what the tool could not, sets `settled: true` on what it
checked, gives a `note` for a line that states no rule), runs `awardbot programmes check
--round FILE` until nothing is open, then `open-round`; the servers serve it within seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import get_settings
from bot.db.migrate import upgrade
from bot.db.session import create_engine, create_sessionmaker
from bot.services.rounds import store
from eligibility import PackError
from eligibility.rounds import build, differences, draft
from eligibility.rounds.model import RoundFile

T = TypeVar("T")


def add_parsers(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    new = actions.add_parser("new-round", help="draft the next round of a programme from its "
                             "new notice and list what differs")
    new.add_argument("programme", help="programme id, e.g. henan-flexible-star")
    new.add_argument("--notice", type=Path, required=True,
                     help="the new notice as plain text (UTF-8)")
    new.add_argument("--previous", type=Path, default=None,
                     help="the round file it follows (default: the shipped pack's round)")
    new.add_argument("--round", default=None, help="the new round's id (default: its year)")
    new.add_argument("--out", type=Path, default=None,
                     help="where to write the draft (default: <programme>-<round>.yaml)")
    new.set_defaults(handler=run_new_round)
    opening = actions.add_parser("open-round", help="open a settled round file for applicants "
                                 "(refused while a difference is open)")
    opening.add_argument("file", type=Path, help="the round file")
    opening.add_argument("--office", required=True,
                         help="the office opening it, e.g. 河南省 (recorded with the round)")
    opening.add_argument("--by", required=True, help="who opens it (recorded)")
    opening.set_defaults(handler=run_open_round)


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise PackError(path, "", "not UTF-8 text (save the notice as UTF-8)") from None
    except OSError as exc:
        raise PackError(path, "", exc.strerror or "cannot be read") from None


async def in_database(action: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """Run `action` in one transaction on the configured database (migrated first)."""
    settings = get_settings()
    await upgrade(settings.database_url)
    engine = create_engine(settings.database_url)
    try:
        async with create_sessionmaker(engine).begin() as session:
            return await action(session)
    finally:
        await engine.dispose()


def report(round_file: RoundFile, previous: str) -> list[differences.Difference]:
    """Print the round's differences; returns the unsettled ones."""
    found = differences.differences(round_file, previous)
    print(f"{round_file.programme} {round_file.round}（接续 {round_file.based_on}）："
          f"{round_file.edition}")
    for difference in found:
        print(f"  {difference.text_zh()}")
    open_ones = differences.unsettled(found)
    print(f"共 {len(found)} 处不同，{len(open_ones)} 处待处理")
    return open_ones


def run_new_round(args: argparse.Namespace) -> int:
    try:
        notice = read_text(args.notice)
        previous = build.parse_round(read_text(args.previous), str(args.previous)) \
            if args.previous else asyncio.run(in_database(
                lambda session: store.latest(session, args.programme)))
        round_file = draft.new_round(args.programme, notice, previous, args.round)
    except PackError as exc:
        print(f"✗ {exc}", file=sys.stderr)
        return 2
    out = args.out or Path(f"{round_file.programme}-{round_file.round}.yaml")
    out.write_text(build.dump(round_file), encoding="utf-8")
    open_ones = report(round_file, draft.previous_notice(previous, args.programme))
    print(f"草稿已写入 {out}；处理完后运行 awardbot programmes check --round {out}")
    return 1 if open_ones else 0


def run_open_round(args: argparse.Namespace) -> int:
    try:
        round_file = build.parse_round(read_text(args.file), str(args.file))
        asyncio.run(in_database(lambda session: store.open_round(
            session, round_file, office=args.office, by=args.by)))
    except (PackError, store.RoundRefused) as exc:
        print(f"✗ {exc}", file=sys.stderr)
        return 2
    print(f"✓ {round_file.programme} {round_file.round} 已开放：{round_file.edition}")
    return 0


def check_round(path: Path) -> bool:
    """One round file checked like a pack, and its differences all settled."""
    try:
        round_file = build.parse_round(read_text(path), str(path))
        programme = build.build(round_file, str(path))
        previous = asyncio.run(in_database(
            lambda session: store.previous_notice(session, round_file)))
    except PackError as exc:
        print(f"✗ {exc}")
        return False
    open_ones = report(round_file, previous)
    mark = "✗" if open_ones else "✓"
    print(f"{mark} {path}: {programme.id} {programme.round_id}, {len(programme.timeline)} "
          f"dates, {len(programme.quotas)} quotas")
    return not open_ones
