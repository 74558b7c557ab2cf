"""Settings, read from `AWARDBOT_*` environment variables (pydantic-settings).

Every setting has a default that lets `awardbot serve` start on a laptop with nothing else
installed: SQLite and files under `var/`, a secret key generated on first use. Production sets
`AWARDBOT_DATABASE_URL`, `AWARDBOT_SECRET_KEY` and `AWARDBOT_PUBLIC_URL`.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import ipaddress
import logging
import os
import re
import secrets
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import Field, PrivateAttr, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

SECRET_FILE_NAME = "secret.key"
MIN_SECRET_LENGTH = 16
DEFAULT_UPLOAD_MB = 20
"""A 50-megapixel phone photo or a scanned PDF of a few pages fits; Telegram's getFile serves
at most 20 MB anyway."""


def _default_database_url(data: dict[str, Any]) -> str:
    return f"sqlite+aiosqlite:///{Path(data['data_dir']) / 'awardbot.db'}"


class Settings(BaseSettings):
    """The whole configuration of one awardbot process; see each field's description."""

    model_config = SettingsConfigDict(env_prefix="AWARDBOT_", env_ignore_empty=True,
                                      extra="ignore")

    data_dir: Path = Field(
        default=Path("var"),
        description="Directory for everything awardbot keeps on disk: the SQLite database, "
        "the generated secret key, uploaded documents and built packets. Created when needed.",
    )
    database_url: str = Field(
        default_factory=_default_database_url,
        description="SQLAlchemy URL of the database. Default: "
        "`sqlite+aiosqlite:///<data_dir>/awardbot.db`. For PostgreSQL use "
        "`postgresql+asyncpg://user:password@host:5432/awardbot` (a plain `postgresql://` "
        "URL is accepted and given the asyncpg driver).",
    )
    secret_key: SecretStr | None = Field(
        default=None,
        description="Master secret (at least 16 characters; 32 random bytes in base64 is "
        "ideal). ID numbers are encrypted and hashed with keys derived from it, so losing it "
        "makes stored ID numbers unreadable. When unset, one is generated into "
        "`<data_dir>/secret.key` (mode 0600) on first use and read back afterwards; copying "
        "that file's content into this variable gives the same keys.",
    )
    host: str = Field(default="127.0.0.1", description="Address `awardbot serve` listens on.")
    port: int = Field(default=8080, ge=1, le=65535,
                      description="TCP port `awardbot serve` listens on.")
    log_level: str = Field(
        default="INFO",
        description="Logging level: DEBUG, INFO, WARNING, ERROR or CRITICAL. ID numbers and "
        "other sensitive values are never logged at any level.",
    )
    trusted_proxies: str = Field(
        default="127.0.0.1/32,::1/128",
        description="Comma-separated addresses or networks of the reverse proxies in front of "
        "awardbot. Only from these is `X-Forwarded-For` believed when rate limits and login "
        "throttling count a client's address; the default trusts nginx on the same machine.")
    rate_limit_factor: float = Field(
        default=1.0, ge=0.1, le=10000,
        description="Multiplies every rate limit's allowance (`bot/security/rate_limits.py`): "
        "2 doubles them, for a training centre where a whole class starts from one address. "
        "The test suite raises it for the walks that talk at machine speed; the security "
        "tests run with 1.")
    public_url: str = Field(
        default="http://127.0.0.1:8080",
        description="The address applicants and platforms reach this server at (links in "
        "messages, webhook registration). No trailing slash needed.",
    )

    telegram_token: SecretStr | None = Field(
        default=None,
        description="Telegram bot token from @BotFather; setting it enables the Telegram "
        "channel.")
    telegram_mode: str = Field(
        default="webhook",
        description="`webhook` (Telegram posts updates to `/telegram/webhook`) or `polling` "
        "(the server fetches them with getUpdates).")
    telegram_webhook_secret: SecretStr | None = Field(
        default=None,
        description="Secret Telegram sends in `X-Telegram-Bot-Api-Secret-Token`; webhook "
        "requests without it are refused with 401. Required in webhook mode.")
    telegram_api_base: str = Field(
        default="https://api.telegram.org",
        description="Base URL of the Bot API server (a local `telegram-bot-api`, or a test's).")
    telegram_sensitive_uploads: bool = Field(
        default=False,
        description="Accept ID cards and other sensitive documents through Telegram. Off by "
        "default: Telegram's servers are outside the PRC (PIPL art. 38-39), so those uploads "
        "go through a signed, expiring link to the web page instead.")
    wechat_token: SecretStr | None = Field(
        default=None,
        description="Token configured in the WeChat official account console; setting it "
        "enables `/wechat`.")
    wechat_aes_key: SecretStr | None = Field(
        default=None,
        description="EncodingAESKey (43 characters) for safe mode; unset means plaintext mode.")
    wechat_aes_key_previous: SecretStr | None = Field(
        default=None,
        description="The previous EncodingAESKey, still accepted while a key rotation "
        "propagates.")
    wechat_compat_mode: bool = Field(
        default=False,
        description="Accept plaintext WeChat posts (no `encrypt_type=aes`) although an "
        "EncodingAESKey is set: only for an account whose console really is in 兼容模式. Off, "
        "a plaintext post is refused when a key is set, since only the URL (not the body) "
        "would be signed and anyone holding one logged URL could forge a message.")
    wechat_app_id: str | None = Field(default=None,
                                      description="The official account's AppID.")
    wechat_app_secret: SecretStr | None = Field(
        default=None,
        description="The official account's AppSecret, for access tokens (customer-service "
        "messages, the custom menu).")
    wechat_api_base: str = Field(
        default="https://api.weixin.qq.com",
        description="Base URL of the WeChat API (a test's fake server, or a proxy).")

    smtp_host: str | None = Field(
        default=None,
        description="SMTP server that forwards packets to receiving offices by email. Unset: "
        "packets wait in the outbox (nothing is lost) until it is configured.")
    smtp_port: int = Field(default=587, ge=1, le=65535, description="SMTP server port.")
    smtp_user: str | None = Field(default=None, description="SMTP login, if the server needs "
                                  "one.")
    smtp_password: SecretStr | None = Field(default=None, description="SMTP password.")
    smtp_from: str = Field(default="awardbot@localhost",
                           description="Sender address of the packet emails.")
    smtp_starttls: bool = Field(default=True,
                                description="Upgrade the SMTP connection with STARTTLS.")
    smtp_max_attachment_mb: int = Field(
        default=15, ge=1, description="Packets up to this size are attached to the email; "
        "larger ones are announced with their receipt number for the dashboard.")
    forwarding_interval_seconds: float = Field(
        default=30.0, gt=0, description="How often the forwarding worker looks for packets "
        "to deliver.")
    reminder_interval_seconds: float = Field(
        default=300.0, gt=0, description="How often the reminder worker plans reminders and "
        "sends the due ones (never between 21:00 and 08:00 Beijing time).")
    wechat_media_timeout: float = Field(
        default=20.0, gt=0, description="Seconds a WeChat image download (media/get) may take "
        "before the follower is asked to send it again.")
    wechat_template_id: str | None = Field(
        default=None,
        description="WeChat template message id for reminders to people whose last message is "
        "more than 48 hours old (customer-service messages are refused then). The template "
        "needs one field, `{{content.DATA}}`. Unset: such reminders are marked undeliverable.")

    today: dt.date | None = Field(
        default=None,
        description="Run the whole system on this date (YYYY-MM-DD) instead of today's date "
        "in Beijing: screening windows, submission into an open round, reminders, staff "
        "deadlines and 公示 dates all follow it, and every page shows a banner saying so. For "
        "demos and rehearsals (every seed round is over today); `--today` on the commands "
        "sets it too. Unset in production.")
    workers: int = Field(
        default=1, ge=1, le=64,
        description="Processes `awardbot serve` starts on one port (SO_REUSEPORT). More than "
        "one needs PostgreSQL. Each worker gets 1/N of Telegram's global send rate.")
    metrics_token: SecretStr | None = Field(
        default=None,
        description="Bearer token for `/metrics`. Unset: `/metrics` answers only direct "
        "requests from loopback (not through a proxy).")
    secret_key_previous: SecretStr | None = Field(
        default=None,
        description="The master secret before a rotation: ID numbers encrypted under it still "
        "decrypt and are found by lookup until `awardbot db rekey` has re-encrypted them.")

    upload_max_mb: int = Field(
        default=DEFAULT_UPLOAD_MB, ge=1, le=200,
        description="Largest file an applicant may upload, in MB (web page, WeChat, Telegram; "
        "Telegram's own limit of 20 MB still applies there). The phone page states it before a "
        "file is chosen, and a larger file is refused with this figure, read in chunks and "
        "never held whole in memory.")

    storage_url: str | None = Field(
        default=None,
        description="Where uploaded documents and packets are kept. Unset: the directory "
        "`<data_dir>/files`. `s3://bucket/prefix`: an S3-compatible object store (AWS S3, "
        "MinIO, Aliyun OSS, Tencent COS), for several workers or machines sharing the files.")
    storage_endpoint_url: str | None = Field(
        default=None,
        description="The object store's endpoint (`https://oss-cn-beijing.aliyuncs.com`, "
        "`http://minio:9000`); unset: AWS. Staff browsers fetch documents from it directly "
        "through presigned links, so it must be reachable from their network.")
    storage_region: str | None = Field(default=None,
                                       description="The bucket's region (`cn-north-1`).")
    storage_access_key_id: str | None = Field(
        default=None, description="Access key of the object store; unset: boto3's usual "
        "sources (AWS_* variables, ~/.aws, an instance role).")
    storage_secret_access_key: SecretStr | None = Field(
        default=None, description="Secret key belonging to `storage_access_key_id`.")
    storage_addressing_style: str = Field(
        default="auto", pattern="^(auto|path|virtual)$",
        description="`virtual` (bucket in the host name, required by Aliyun OSS), `path` "
        "(bucket in the path, usual for MinIO) or `auto`.")

    _secret: bytes | None = PrivateAttr(default=None)

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
            raise ValueError("log_level must be DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return level

    @field_validator("secret_key")
    @classmethod
    def _long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value().strip()) < MIN_SECRET_LENGTH:
            raise ValueError(f"secret_key must be at least {MIN_SECRET_LENGTH} characters")
        return value

    @field_validator("storage_url")
    @classmethod
    def _s3_url(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"s3://[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]"
                                                  r"(/[^\s]*)?", value):
            raise ValueError("storage_url must look like s3://bucket or s3://bucket/prefix")
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: str) -> str:
        for part in value.split(","):
            if part.strip():
                ipaddress.ip_network(part.strip(), strict=False)
        return value

    @field_validator("public_url")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @property
    def upload_max_bytes(self) -> int:
        return self.upload_max_mb * 1024 * 1024

    def secret_bytes(self) -> bytes:
        """The master secret as key material: the configured key, or the generated file's."""
        if self._secret is None:
            if self.secret_key is not None:
                text = self.secret_key.get_secret_value().strip()
            else:
                text = _read_or_create_secret(self.data_dir / SECRET_FILE_NAME)
            self._secret = text.encode("utf-8")
        return self._secret


def _read_or_create_secret(path: Path) -> str:
    """Read the generated secret, creating it first if needed.

    The new key is written to a private temporary file and hard-linked into place, which fails
    if another process got there first; so two processes starting together agree on one key and
    nobody ever reads a half-written file.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        text = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii")
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(text + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            with contextlib.suppress(FileExistsError):
                os.link(tmp, path)
                logging.getLogger(__name__).info("generated a new secret key in %s", path)
        finally:
            tmp.unlink(missing_ok=True)
    text = path.read_text(encoding="ascii").strip()
    if len(text) < MIN_SECRET_LENGTH:
        raise RuntimeError(f"{path} does not hold a usable secret key; remove it or set "
                           "AWARDBOT_SECRET_KEY")
    return text


@cache
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment (`cache_clear()` to reread)."""
    return Settings()
