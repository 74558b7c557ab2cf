"""Attack 3 of issue 13, the file modes: after `awardbot serve` starts, the data directory, the
SQLite files, the secret key and the uploads folder are the service user's alone, including
what an earlier version left world-readable."""

from __future__ import annotations

import stat
from pathlib import Path

from tests.bot.server_process import free_port, serve


async def test_the_data_directory_is_private_to_the_service(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "files" / "7" / "uploads").mkdir(parents=True)
    left_behind = data / "files" / "7" / "uploads" / "old.jpg"
    left_behind.write_bytes(b"photo")
    left_behind.chmod(0o644)
    async with serve(data, free_port()):
        modes = {path.relative_to(data).as_posix(): stat.S_IMODE(path.stat().st_mode)
                 for path in [data, *data.rglob("*")]}
    assert modes["."] == 0o700
    assert modes["awardbot.db"] == 0o600
    assert modes["files/7/uploads/old.jpg"] == 0o600
    assert all(mode & 0o077 == 0 for mode in modes.values()), modes
