"""The `awardbot` command line: one parser, one module per area under `bot/commands/`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bot.commands import chat, db, faq, programmes, screening, serve, staff, today, wechat


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="awardbot",
        description="评优申报助手 awardbot: screening, applications and packets for award "
                    "programmes for workers.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    screening.add_parser(sub)
    programmes.add_parser(sub)
    serve.add_parser(sub)
    chat.add_parser(sub)
    db.add_parser(sub)
    faq.add_parser(sub)
    staff.add_parser(sub)
    wechat.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    today.apply(args)
    return int(args.handler(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
