"""Two processes handling one applicant's messages at the same moment lose no answer: every
message gets its reply, its turn in the transcript, and exactly one save of the dialog."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import DialogSession, ProcessedInbound
from bot.transcript import load_transcript

SCRIPT = Path(__file__).with_name("turns_process.py")
PER_PROCESS = 12


async def _run_process(url: str, prefix: str, start: float) -> tuple[int | None, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(SCRIPT), url, "same-person", prefix, str(PER_PROCESS), str(start),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(SCRIPT.parents[2])})
    out, err = await process.communicate()
    return process.returncode, (out + err).decode()


async def test_two_processes_on_one_applicant_lose_no_answer(
        database_url: str, sessions: async_sessionmaker[AsyncSession]) -> None:
    start = time.time() + 8.0
    outcomes = await asyncio.gather(_run_process(database_url, "alpha", start),
                                    _run_process(database_url, "beta", start))
    for code, output in outcomes:
        assert code == 0, output
        assert output.split()[0] == str(PER_PROCESS), output
    async with sessions() as session:
        turns = await load_transcript(session, "web", "same-person", limit=1000)
        version = await session.scalar(select(DialogSession.version))
        processed = await session.scalar(select(func.count()).select_from(ProcessedInbound))
    said = sorted(turn.said for turn in turns)
    expected = sorted(f"{prefix} {n}" for prefix in ("alpha", "beta")
                      for n in range(PER_PROCESS))
    assert said == expected
    assert processed == 2 * PER_PROCESS
    assert version == 2 * PER_PROCESS
