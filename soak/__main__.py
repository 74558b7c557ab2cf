"""`python -m soak [--applicants N] [--concurrency N]`: run the fault suite, print the counts,
exit 1 on any violation (2 when PostgreSQL does not answer)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from benchmarks.cluster import PostgresUnavailable
from soak.run import Options, soak


def main() -> int:
    defaults = Options()
    parser = argparse.ArgumentParser(prog="python -m soak", description=__doc__)
    parser.add_argument("--applicants", type=int, default=defaults.applicants,
                        help="simulated applicants, spread over web, Telegram and WeChat")
    parser.add_argument("--concurrency", type=int, default=defaults.concurrency,
                        help="applicants walking at the same time")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        verdict, table = asyncio.run(soak(Options(args.applicants, args.concurrency)))
    except PostgresUnavailable as reason:
        print(f"soak needs PostgreSQL: {reason}", file=sys.stderr)
        return 2
    print(table)
    for violation in verdict.violations:
        print(f"VIOLATION: {violation}")
    print("soak: PASSED" if not verdict.violations else
          f"soak: FAILED ({len(verdict.violations)} violations)")
    return 1 if verdict.violations else 0


if __name__ == "__main__":
    sys.exit(main())
