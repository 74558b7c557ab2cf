"""Both file stores keep the same promises: what was put is read back, moved, listed and
deleted by prefix, and a key that could escape the store is refused."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.storage import FileMissing, FileStore
from tests.file_stores import BOTH_STORES

pytestmark = BOTH_STORES


def test_what_is_put_is_read_back_whole_and_in_chunks(file_store: FileStore) -> None:
    data = os.urandom(3 * 1024 * 1024 + 17)
    file_store.put("7/uploads/page", data)
    assert file_store.read("7/uploads/page") == data
    assert file_store.size("7/uploads/page") == len(data)
    chunks = list(file_store.chunks("7/uploads/page", size=1024 * 1024))
    assert [len(c) for c in chunks] == [1024 * 1024] * 3 + [17] and b"".join(chunks) == data


def test_a_finished_local_file_is_stored_without_being_read_by_the_caller(
        file_store: FileStore, tmp_path: Path) -> None:
    source = tmp_path / "scratch" / "packet.zip"
    source.parent.mkdir()
    data = os.urandom(9 * 1024 * 1024)
    source.write_bytes(data)
    file_store.put_file("7/packets/R1.zip", source)
    assert file_store.read("7/packets/R1.zip") == data


def test_a_missing_file_is_reported_not_invented(file_store: FileStore) -> None:
    assert file_store.size("7/uploads/never") is None
    with pytest.raises(FileMissing):
        file_store.read("7/uploads/never")
    assert file_store.move("incoming/never", "7/uploads/never") is False


def test_moving_renames_and_a_second_move_finds_nothing(file_store: FileStore) -> None:
    file_store.put("incoming/tok", b"jpeg")
    assert file_store.move("incoming/tok", "7/uploads/tok") is True
    assert file_store.read("7/uploads/tok") == b"jpeg"
    assert file_store.size("incoming/tok") is None
    assert file_store.move("incoming/tok", "7/uploads/tok") is False


def test_deleting_an_applicants_prefix_leaves_every_other_applicant(
        file_store: FileStore) -> None:
    for key in ("1/uploads/a", "1/packets/R.zip", "12/uploads/b", "incoming/c"):
        file_store.put(key, b"x")
    assert file_store.keys("1/") == ["1/packets/R.zip", "1/uploads/a"]
    assert file_store.delete_prefix("1/") == 2
    assert file_store.keys("") == ["12/uploads/b", "incoming/c"]
    assert file_store.delete_prefix("1/") == 0


@pytest.mark.parametrize("key", ["../secret.key", "/etc/passwd", "1/../../x", "1//x", "",
                                 "1/uploads/", "a\\b"])
def test_a_key_that_could_escape_the_store_is_refused(file_store: FileStore, key: str) -> None:
    with pytest.raises(ValueError, match="not a valid file key"):
        file_store.put(key, b"x")


def test_deleting_everything_at_once_is_refused(file_store: FileStore) -> None:
    file_store.put("1/uploads/a", b"x")
    with pytest.raises(ValueError):
        file_store.delete_prefix("")
    with pytest.raises(ValueError):
        file_store.delete_prefix("1")
    assert file_store.keys("") == ["1/uploads/a"]
