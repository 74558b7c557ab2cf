"""Where documents and packets live: a local directory by default, or an S3-compatible bucket.

`open_store(settings)` picks the backend from `AWARDBOT_STORAGE_URL`; everything else sees only
the `FileStore` interface (`bot.storage.base`).
"""

from __future__ import annotations

from bot.config import Settings
from bot.storage.base import LINK_SECONDS, FileMissing, FileStore, StoreUnavailable, check_key
from bot.storage.local import LocalFileStore

__all__ = ["LINK_SECONDS", "FileMissing", "FileStore", "LocalFileStore", "StoreUnavailable",
           "check_key", "open_store"]


def open_store(settings: Settings) -> FileStore:
    """The store the settings name: `<data_dir>/files`, or the bucket of `storage_url`."""
    if settings.storage_url is None:
        return LocalFileStore(settings.data_dir / "files")
    from bot.storage.s3 import S3FileStore  # boto3 takes a while to import; only when used

    secret = settings.storage_secret_access_key
    return S3FileStore(settings.storage_url, endpoint_url=settings.storage_endpoint_url,
                       region=settings.storage_region,
                       access_key_id=settings.storage_access_key_id,
                       secret_access_key=secret.get_secret_value() if secret else None,
                       addressing_style=settings.storage_addressing_style)
