"""The `FileStore` interface: every document and packet file goes through one of these.

Keys are relative, slash-separated names such as `incoming/<token>`,
`<applicant>/uploads/<token>` and `<applicant>/packets/<receipt>.zip`; everything an applicant
owns lives under `<applicant>/`, so deleting the applicant is deleting one prefix.

The methods block (file system or network I/O) on purpose: the code that reads and writes files
is synchronous where it matters (zipfile writing a packet entry by entry, Pillow judging an
upload), so it runs in a worker thread and calls the store from there. Async callers wrap
calls in `asyncio.to_thread`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path, PurePosixPath
from typing import BinaryIO

LINK_SECONDS = 300
"""How long a direct download link stays valid: as long as the dashboard's own signed links."""


class FileMissing(LookupError):
    """No file under that key (never stored, or already deleted)."""


class StoreUnavailable(OSError):
    """The store did not do what was asked (unreachable, refused the key, out of space): the
    caller's work is not done and can be tried again; nothing the applicant sent is lost."""


def check_key(key: str) -> str:
    """`key` if it is a plain relative name; a key with `..`, an absolute path or empty parts
    could escape the store's root, so it is refused whatever the backend."""
    parts = PurePosixPath(key).parts
    if (not key or key.startswith("/") or "\\" in key or "\x00" in key or key.endswith("/")
            or any(part in ("", ".", "..") for part in parts) or "//" in key):
        raise ValueError(f"not a valid file key: {key!r}")
    return key


def check_prefix(prefix: str, *, whole_store: bool = False) -> str:
    """A folder-like prefix (`12/`): deleting `1/` must never touch `12/`. The empty prefix
    (everything) only where `whole_store` allows it: listing, never deleting."""
    if whole_store and prefix == "":
        return prefix
    if not prefix.endswith("/"):
        raise ValueError(f"a prefix ends with '/': {prefix!r}")
    check_key(prefix.removesuffix("/"))
    return prefix


class FileStore(ABC):
    """Documents and packets, by key. Implementations: `LocalFileStore`, `S3FileStore`."""

    @abstractmethod
    def put(self, key: str, data: bytes) -> None:
        """Store `data` under `key`, replacing what was there; readers see all or nothing."""

    @abstractmethod
    def put_file(self, key: str, source: Path) -> None:
        """Store a finished local file (a built packet) without reading it into memory; the
        source may be moved away."""

    @abstractmethod
    def open(self, key: str) -> AbstractContextManager[BinaryIO]:
        """A binary stream of the file, to `read(n)` in chunks; raises `FileMissing`."""

    @abstractmethod
    def size(self, key: str) -> int | None:
        """The file's size in bytes, or None when there is no such file."""

    @abstractmethod
    def move(self, source: str, target: str) -> bool:
        """Rename `source` to `target`; False when `source` is gone (already moved)."""

    @abstractmethod
    def keys(self, prefix: str) -> list[str]:
        """Every key under the folder-like `prefix` (`""`: the whole store), sorted."""

    @abstractmethod
    def delete_prefix(self, prefix: str) -> int:
        """Remove every file under the folder-like `prefix`; returns how many."""

    @abstractmethod
    def local_path(self, key: str) -> Path | None:
        """The file on this machine, for the app to send itself (sendfile); None when the
        files are elsewhere (then `link` gives a URL)."""

    @abstractmethod
    def link(self, key: str, *, filename: str, content_type: str, inline: bool,
             seconds: int = LINK_SECONDS) -> str | None:
        """A URL a browser can fetch the file from directly for `seconds`, served with this
        type and name; None when the app serves the file itself (`local_path`)."""

    @property
    @abstractmethod
    def link_origin(self) -> str | None:
        """The scheme and host of `link` URLs (a page showing them inline must allow it)."""

    def read(self, key: str) -> bytes:
        """The whole file: only for things known to be small (a mail attachment, a test)."""
        with self.open(key) as stream:
            return stream.read()

    def chunks(self, key: str, size: int = 1024 * 1024) -> Iterator[bytes]:
        """The file in pieces of `size` bytes, never all of it at once."""
        with self.open(key) as stream:
            while chunk := stream.read(size):
                yield chunk
