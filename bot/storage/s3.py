"""Files in an S3-compatible bucket (`AWARDBOT_STORAGE_URL=s3://bucket/prefix`).

Why boto3 rather than aiobotocore: the code that reads and writes files is synchronous and runs
in worker threads anyway (zipfile streams a packet entry by entry from `StreamingBody.read(n)`;
Pillow judges an upload), boto3's transfer manager uploads a large packet in parallel parts
without holding it in memory, and presigning is the same call either way. Async callers reach
it through `asyncio.to_thread`; boto3 clients are thread-safe.

Checksums are sent only when the API requires them: S3-compatible services (older MinIO,
Aliyun OSS) refuse the CRC headers new boto3 versions add by default. Staff get presigned GET
links, signed for a few minutes and carrying the file name and type to serve it with.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, cast
from urllib.parse import quote, urlsplit

import boto3
from boto3.exceptions import Boto3Error
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from bot.storage.base import (
    LINK_SECONDS,
    FileMissing,
    FileStore,
    StoreUnavailable,
    check_key,
    check_prefix,
)

MISSING = {"404", "NoSuchKey", "NotFound"}
DELETE_BATCH = 1000
"""DeleteObjects takes at most 1000 keys per request."""


_SESSION_LOCK = threading.Lock()


@functools.cache
def _session() -> boto3.session.Session:
    """One boto3 session per process: it loads the service descriptions once (creating a
    client from a fresh session takes a noticeable fraction of a second). Sessions are not
    thread-safe, hence the lock; the clients made from them are."""
    return boto3.session.Session()


def parse_url(url: str) -> tuple[str, str]:
    """`s3://bucket/some/prefix` as (`bucket`, `some/prefix/`); the prefix may be empty."""
    parts = urlsplit(url)
    prefix = parts.path.strip("/")
    return parts.netloc, f"{prefix}/" if prefix else ""


@contextlib.contextmanager
def _answered(key: str) -> Iterator[None]:
    """boto's errors in the store's terms: a missing object is `FileMissing`, anything else
    (no connection, access denied, no such bucket, a broken stream, a failed multipart upload)
    `StoreUnavailable`."""
    try:
        yield
    except ClientError as error:
        code = str(error.response.get("Error", {}).get("Code"))
        if code in MISSING:
            raise FileMissing(key) from error
        raise StoreUnavailable(f"object store: {code} for {key!r}") from error
    except (BotoCoreError, Boto3Error) as error:
        raise StoreUnavailable(f"object store: {type(error).__name__} for {key!r}") from error


class S3FileStore(FileStore):
    """Keys are object names under `prefix` in `bucket`."""

    def __init__(self, url: str, *, endpoint_url: str | None = None, region: str | None = None,
                 access_key_id: str | None = None, secret_access_key: str | None = None,
                 addressing_style: str = "auto") -> None:
        self.bucket, self.prefix = parse_url(url)
        config = Config(signature_version="s3v4", s3={"addressing_style": addressing_style},
                        retries={"max_attempts": 5, "mode": "standard"},
                        connect_timeout=10, read_timeout=60,
                        request_checksum_calculation="when_required",
                        response_checksum_validation="when_required")
        with _SESSION_LOCK:
            self.client: Any = _session().client(
                "s3", endpoint_url=endpoint_url, region_name=region, config=config,
                aws_access_key_id=access_key_id, aws_secret_access_key=secret_access_key)
        self._origin: str | None = None

    def __repr__(self) -> str:
        return f"S3FileStore('s3://{self.bucket}/{self.prefix}')"

    def _name(self, key: str) -> str:
        return self.prefix + check_key(key)

    def put(self, key: str, data: bytes) -> None:
        with _answered(key):
            self.client.put_object(Bucket=self.bucket, Key=self._name(key), Body=data)

    def put_file(self, key: str, source: Path) -> None:
        with _answered(key):
            self.client.upload_file(str(source), self.bucket, self._name(key))

    @contextlib.contextmanager
    def _stream(self, key: str) -> Iterator[BinaryIO]:
        with _answered(key):
            body = self.client.get_object(Bucket=self.bucket, Key=self._name(key))["Body"]
            try:
                yield cast(BinaryIO, body)
            finally:
                body.close()

    def open(self, key: str) -> contextlib.AbstractContextManager[BinaryIO]:
        return self._stream(key)

    def size(self, key: str) -> int | None:
        try:
            with _answered(key):
                head = self.client.head_object(Bucket=self.bucket, Key=self._name(key))
        except FileMissing:
            return None
        return int(head["ContentLength"])

    def move(self, source: str, target: str) -> bool:
        """Server-side copy, then delete: S3 has no rename (an upload is at most 20 MB, far
        below CopyObject's 5 GB limit)."""
        try:
            with _answered(source):
                self.client.copy_object(Bucket=self.bucket, Key=self._name(target),
                                        CopySource={"Bucket": self.bucket,
                                                    "Key": self._name(source)})
        except FileMissing:
            return False
        with _answered(source):
            self.client.delete_object(Bucket=self.bucket, Key=self._name(source))
        return True

    def _names(self, prefix: str) -> list[str]:
        with _answered(prefix):
            pages = self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=self.prefix + prefix)
            return sorted(item["Key"] for page in pages for item in page.get("Contents", []))

    def keys(self, prefix: str) -> list[str]:
        names = self._names(check_prefix(prefix, whole_store=True))
        return [name.removeprefix(self.prefix) for name in names]

    def delete_prefix(self, prefix: str) -> int:
        names = self._names(check_prefix(prefix))
        for start in range(0, len(names), DELETE_BATCH):
            batch = names[start:start + DELETE_BATCH]
            with _answered(prefix):
                response = self.client.delete_objects(Bucket=self.bucket, Delete={
                    "Objects": [{"Key": name} for name in batch], "Quiet": True})
            if response.get("Errors"):
                raise StoreUnavailable(f"could not delete {len(response['Errors'])} objects under "
                              f"{prefix!r}: {response['Errors'][0].get('Code')}")
        return len(names)

    def local_path(self, key: str) -> Path | None:
        return None

    def link(self, key: str, *, filename: str, content_type: str, inline: bool,
             seconds: int = LINK_SECONDS) -> str | None:
        disposition = f"{'inline' if inline else 'attachment'}; filename*=UTF-8''{quote(filename)}"
        return str(self.client.generate_presigned_url("get_object", Params={
            "Bucket": self.bucket, "Key": self._name(key), "ResponseContentType": content_type,
            "ResponseContentDisposition": disposition}, ExpiresIn=seconds))

    @property
    def link_origin(self) -> str | None:
        """Worked out from a link (no request is sent): the endpoint, or the bucket's own host
        with virtual addressing."""
        if self._origin is None:
            parts = urlsplit(self.link("origin", filename="", content_type="", inline=True))
            self._origin = f"{parts.scheme}://{parts.netloc}"
        return self._origin
