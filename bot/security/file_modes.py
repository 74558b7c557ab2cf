"""The data directory readable by the service's own user only.

The SQLite files were mode 0644 and the uploads (ID-card photos) world-readable to anyone with
a shell on the machine. `awardbot serve` sets the umask to 077 before it creates anything, so
every new folder is 0700 and every new file 0600, and tightens what an earlier version left
behind when it starts.
"""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_UMASK = 0o077


def make_private(data_dir: Path) -> None:
    """Umask 077 for this process; the data directory and everything in it owner-only."""
    os.umask(PRIVATE_UMASK)
    data_dir.mkdir(parents=True, exist_ok=True)
    data_dir.chmod(0o700)
    for root, folders, files in os.walk(data_dir):
        for name in folders:
            Path(root, name).chmod(0o700)
        for name in files:
            path = Path(root, name)
            if not path.is_symlink():
                path.chmod(path.stat().st_mode & 0o700 | 0o600)
