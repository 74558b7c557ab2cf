"""Choosing the store from the settings: the data directory by default, a bucket by URL."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.config import Settings
from bot.storage import LocalFileStore, open_store
from bot.storage.s3 import S3FileStore, parse_url


def test_without_a_storage_url_files_stay_in_the_data_directory(tmp_path: Path) -> None:
    store = open_store(Settings(data_dir=tmp_path))
    assert isinstance(store, LocalFileStore) and store.root == tmp_path / "files"


def test_an_s3_url_names_the_bucket_and_the_key_prefix(tmp_path: Path) -> None:
    store = open_store(Settings(data_dir=tmp_path, storage_url="s3://award-files/luoyang/",
                                storage_endpoint_url="http://127.0.0.1:9", storage_region="cn",
                                storage_addressing_style="path"))
    assert isinstance(store, S3FileStore)
    assert (store.bucket, store.prefix) == ("award-files", "luoyang/")
    assert parse_url("s3://award-files") == ("award-files", "")


def test_virtual_addressing_puts_the_bucket_in_the_link_host(tmp_path: Path) -> None:
    store = open_store(Settings(data_dir=tmp_path, storage_url="s3://award-files/x",
                                storage_endpoint_url="https://oss-cn-beijing.aliyuncs.com",
                                storage_region="oss-cn-beijing", storage_access_key_id="id",
                                storage_secret_access_key="secret",
                                storage_addressing_style="virtual"))
    assert store.link_origin == "https://award-files.oss-cn-beijing.aliyuncs.com"


@pytest.mark.parametrize("url", ["/srv/files", "s3://", "s3://Bad_Bucket/x", "gs://bucket"])
def test_a_storage_url_that_is_not_a_bucket_is_refused_at_startup(url: str) -> None:
    with pytest.raises(ValidationError, match="s3://bucket"):
        Settings(storage_url=url)


def test_an_unknown_addressing_style_is_refused() -> None:
    with pytest.raises(ValidationError):
        Settings(storage_addressing_style="dns")
