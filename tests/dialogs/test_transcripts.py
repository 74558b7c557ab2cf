"""Every YAML transcript in tests/dialogs/transcripts/ plays through the engine as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.dialogs.transcript import play, transcripts


@pytest.mark.parametrize("path", transcripts(), ids=[p.stem for p in transcripts()])
def test_transcript_plays_as_written(path: Path) -> None:
    play(path)
