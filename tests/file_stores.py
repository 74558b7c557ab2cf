"""The file store under test: the local directory, or a bucket on moto's S3 server.

Document tests take `file_store` (or `storage_settings`, for tests that start the whole app)
and run on the local store by default; `BOTH_STORES` on a test or a module runs the same test
on both backends. moto's server runs once per test session in a thread on 127.0.0.1 with a
random port; each test gets a bucket of its own, with a key prefix, as production would.
"""

from __future__ import annotations

import fnmatch
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer

from bot.config import Settings
from bot.storage import FileStore, open_store

STORES = ["local", "s3"]
BOTH_STORES = pytest.mark.parametrize("storage_backend", STORES, indirect=True)
REGION = "us-east-1"
KEYS = {"storage_access_key_id": "awardbot-test", "storage_secret_access_key": "awardbot-test"}


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    """moto's S3-compatible server for the whole test session."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture(scope="session")
def moto_client(moto_endpoint: str) -> Any:
    """A client of the moto server, for creating the buckets."""
    return boto3.session.Session().client(
        "s3", endpoint_url=moto_endpoint, region_name=REGION,
        aws_access_key_id=KEYS["storage_access_key_id"],
        aws_secret_access_key=KEYS["storage_secret_access_key"])


@pytest.fixture
def storage_backend(request: pytest.FixtureRequest) -> str:
    """"local" unless a test is parametrized with `BOTH_STORES`."""
    return str(getattr(request, "param", "local"))


@pytest.fixture
def storage_settings(storage_backend: str, request: pytest.FixtureRequest) -> dict[str, Any]:
    """The Settings fields that select the store: none for the local directory; for S3 a
    fresh bucket on the moto server, addressed by path as MinIO usually is."""
    if storage_backend == "local":
        return {}
    client = request.getfixturevalue("moto_client")
    bucket = f"awardbot-test-{secrets.token_hex(6)}"
    client.create_bucket(Bucket=bucket)
    return {"storage_url": f"s3://{bucket}/awardbot/files",
            "storage_endpoint_url": request.getfixturevalue("moto_endpoint"),
            "storage_region": REGION, "storage_addressing_style": "path", **KEYS}


@pytest.fixture
def file_store(storage_settings: dict[str, Any], tmp_path: Path) -> FileStore:
    """The store an app started with `storage_settings` and `data_dir=tmp_path` uses."""
    return open_store(Settings(data_dir=tmp_path, **storage_settings))


def stored(files: FileStore, pattern: str) -> list[str]:
    """Keys in the whole store matching a glob such as `*/uploads/*`."""
    return [key for key in files.keys("") if fnmatch.fnmatch(key, pattern)]
