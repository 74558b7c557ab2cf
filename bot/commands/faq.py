"""`awardbot faq "QUESTION" [--programme ID]`: what the assistant would answer, as JSON.

Prints {"answer", "details", "score", "matched", "programme", "programme_from"}: the direct
answer, the full one given on request, and how the programme was found (named, typo, pinyin,
group, place, held, conversation, none). {"answer": null, "clarify": [ids], ...} when two or
more programmes fit and the assistant would ask which; {"answer": null, "suggestions"} below
the confidence threshold. Support staff and scripts can check the FAQ without chatting.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from bot.commands import today
from dialogs import faq
from eligibility import programmes


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("faq", help="answer a question about the programmes")
    parser.add_argument("question", help="the question, in any words")
    parser.add_argument("--programme", help="programme id the applicant is dealing with")
    parser.add_argument("--locale", default="zh_CN", choices=("zh_CN", "en"))
    parser.add_argument("--on", type=dt.date.fromisoformat, default=None,
                        help="answer as on this date YYYY-MM-DD (deadlines; default: "
                             "--today, AWARDBOT_TODAY or today in Beijing)")
    today.add_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    known = {p.id for p in programmes()}
    if args.programme and args.programme not in known:
        print(f"awardbot faq: unknown programme {args.programme!r}; one of: "
              f"{', '.join(sorted(known))}", file=sys.stderr)
        return 2
    answer = faq.ask(args.question, today=args.on or today.today(), locale=args.locale,
                     context=[args.programme] if args.programme else [])
    print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
    return 0
