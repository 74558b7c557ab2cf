"""Files in a local directory: the default, and what one machine needs.

Each file is written to a temporary name beside its target and renamed into place, so a reader
(or a crash) never meets half a file; files are private to the server's user (mode 0600).
Staff download them from the app itself, behind the dashboard's HMAC-signed links that expire
after a few minutes (`handlers.web.staff.auth.Signer.link`).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import BinaryIO

from bot.storage.base import (
    LINK_SECONDS,
    FileMissing,
    FileStore,
    StoreUnavailable,
    check_key,
    check_prefix,
)


@contextlib.contextmanager
def _written(key: str) -> Iterator[None]:
    """A write the file system refused (disk full, a file where a folder should be) is the
    store being unavailable, as for a bucket."""
    try:
        yield
    except OSError as error:
        raise StoreUnavailable(f"local store: {error.strerror or error} for {key!r}") from error


class LocalFileStore(FileStore):
    """Keys are paths under `root` (`<data_dir>/files`)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def __repr__(self) -> str:
        return f"LocalFileStore({str(self.root)!r})"

    def _path(self, key: str) -> Path:
        return self.root / check_key(key)

    def _partial(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        return path.with_name(f".{path.name}.{secrets.token_hex(4)}.partial")

    def _publish(self, partial: Path, path: Path) -> None:
        partial.chmod(0o600)
        os.replace(partial, path)

    def put(self, key: str, data: bytes) -> None:
        path = self._path(key)
        with _written(key):
            partial = self._partial(path)
            partial.write_bytes(data)
            self._publish(partial, path)

    def put_file(self, key: str, source: Path) -> None:
        path = self._path(key)
        with _written(key):
            partial = self._partial(path)
            shutil.move(source, partial)
            self._publish(partial, path)

    def open(self, key: str) -> AbstractContextManager[BinaryIO]:
        try:
            return self._path(key).open("rb")
        except (FileNotFoundError, IsADirectoryError) as error:
            raise FileMissing(key) from error

    def size(self, key: str) -> int | None:
        path = self._path(key)
        return path.stat().st_size if path.is_file() else None

    def move(self, source: str, target: str) -> bool:
        origin, destination = self._path(source), self._path(target)
        if not origin.is_file():
            return False
        with _written(target):
            destination.parent.mkdir(parents=True, exist_ok=True)
            origin.replace(destination)
        return True

    def keys(self, prefix: str) -> list[str]:
        folder = self.root / check_prefix(prefix, whole_store=True)
        return sorted(path.relative_to(self.root).as_posix() for path in folder.rglob("*")
                      if path.is_file() and not path.name.endswith(".partial"))

    def delete_prefix(self, prefix: str) -> int:
        count = len(self.keys(check_prefix(prefix)))
        shutil.rmtree(self.root / prefix, ignore_errors=True)
        return count

    def local_path(self, key: str) -> Path | None:
        path = self._path(key)
        return path if path.is_file() else None

    def link(self, key: str, *, filename: str, content_type: str, inline: bool,
             seconds: int = LINK_SECONDS) -> str | None:
        return None

    @property
    def link_origin(self) -> str | None:
        return None
