"""Direct links: the bucket's presigned URLs work for a few minutes and carry the name and type
to serve the file with; the local store has none (the app serves its files behind its own
signed links) and instead names the file on disk."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest

from bot.config import Settings
from bot.storage import LINK_SECONDS, LocalFileStore, open_store
from bot.storage.s3 import S3FileStore


@pytest.fixture
def bucket(storage_settings: dict[str, Any], tmp_path: Path) -> S3FileStore:
    store = open_store(Settings(data_dir=tmp_path, **storage_settings))
    assert isinstance(store, S3FileStore)
    return store


@pytest.mark.parametrize("storage_backend", ["s3"], indirect=True)
async def test_a_presigned_link_serves_the_file_with_its_name_and_type(
        bucket: S3FileStore) -> None:
    bucket.put("3/packets/HN-1.zip", b"PK zip bytes")
    url = bucket.link("3/packets/HN-1.zip", filename="HN-1 材料.zip",
                      content_type="application/zip", inline=False)
    assert url is not None and url.startswith(bucket.link_origin or "-")
    async with aiohttp.ClientSession() as client, client.get(url) as response:
        assert response.status == 200
        assert await response.read() == b"PK zip bytes"
        assert response.headers["Content-Type"] == "application/zip"
        assert "attachment" in response.headers["Content-Disposition"]
        assert "HN-1%20%E6%9D%90%E6%96%99.zip" in response.headers["Content-Disposition"]


@pytest.mark.parametrize("storage_backend", ["s3"], indirect=True)
def test_a_presigned_link_is_signed_to_expire_within_minutes(bucket: S3FileStore) -> None:
    """moto serves presigned links without checking their time; S3 and its compatibles refuse
    one after `X-Amz-Date + X-Amz-Expires`, both covered by the signature."""
    bucket.put("3/uploads/tok", b"jpeg")
    query = parse_qs(urlsplit(bucket.link("3/uploads/tok", filename="a.jpg",
                                          content_type="image/jpeg", inline=True)
                              or "").query)
    signed_at = time.mktime(time.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ"))
    assert query["X-Amz-Expires"] == [str(LINK_SECONDS)] and LINK_SECONDS <= 600
    assert abs(signed_at - time.mktime(time.gmtime())) < 60
    assert "host" in query["X-Amz-SignedHeaders"][0] and len(query["X-Amz-Signature"][0]) == 64
    short = bucket.link("3/uploads/tok", filename="a.jpg", content_type="image/jpeg",
                        inline=True, seconds=1)
    assert parse_qs(urlsplit(short or "").query)["X-Amz-Expires"] == ["1"]


def test_the_local_store_has_no_direct_links_and_names_its_files(tmp_path: Path) -> None:
    files = LocalFileStore(tmp_path / "files")
    files.put("3/uploads/tok", b"jpeg")
    assert files.link("3/uploads/tok", filename="a.jpg", content_type="image/jpeg",
                      inline=True) is None
    assert files.link_origin is None
    assert files.local_path("3/uploads/tok") == tmp_path / "files" / "3" / "uploads" / "tok"
    assert files.local_path("3/uploads/other") is None
    assert (tmp_path / "files" / "3" / "uploads" / "tok").stat().st_mode & 0o077 == 0
