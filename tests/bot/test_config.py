"""Settings: defaults that run on a laptop, and the generated secret key."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.commands.serve import addressed
from bot.config import Settings, get_settings


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("AWARDBOT_"):
            monkeypatch.delenv(name)


def test_defaults_run_on_a_laptop_with_nothing_set() -> None:
    settings = Settings()
    assert settings.data_dir == Path("var")
    assert settings.database_url == "sqlite+aiosqlite:///var/awardbot.db"
    assert (settings.host, settings.port) == ("127.0.0.1", 8080)
    assert settings.log_level == "INFO"
    assert settings.public_url == "http://127.0.0.1:8080"
    assert settings.secret_key is None


def test_settings_come_from_awardbot_environment_variables(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("AWARDBOT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("AWARDBOT_PORT", "9000")
    monkeypatch.setenv("AWARDBOT_LOG_LEVEL", "debug")
    monkeypatch.setenv("AWARDBOT_PUBLIC_URL", "https://award.example.cn/")
    settings = Settings()
    assert settings.database_url == f"sqlite+aiosqlite:///{tmp_path}/awardbot.db"
    assert settings.port == 9000
    assert settings.log_level == "DEBUG"
    assert settings.public_url == "https://award.example.cn"


def test_an_empty_variable_means_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWARDBOT_SECRET_KEY", "")
    monkeypatch.setenv("AWARDBOT_PORT", "")
    settings = Settings()
    assert (settings.secret_key, settings.port) == (None, 8080)


def test_an_explicit_database_url_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWARDBOT_DATABASE_URL", "postgresql+asyncpg://u@db/awardbot")
    assert Settings().database_url == "postgresql+asyncpg://u@db/awardbot"


def test_a_secret_key_is_generated_once_with_private_permissions(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    secret = settings.secret_bytes()
    key_file = tmp_path / "data" / "secret.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(secret) >= 43
    assert Settings(data_dir=tmp_path / "data").secret_bytes() == secret
    assert [p.name for p in key_file.parent.iterdir()] == ["secret.key"]


def test_the_generated_key_file_content_works_as_the_environment_secret(
        tmp_path: Path) -> None:
    generated = Settings(data_dir=tmp_path).secret_bytes()
    text = (tmp_path / "secret.key").read_text()
    assert Settings(data_dir=tmp_path / "elsewhere", secret_key=text).secret_bytes() == generated


def test_a_configured_secret_key_is_used_and_no_file_is_written(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, secret_key="a configured secret of some length")
    assert settings.secret_bytes() == b"a configured secret of some length"
    assert not (tmp_path / "secret.key").exists()
    assert "a configured secret" not in repr(settings)


def test_a_short_secret_key_or_unknown_log_level_is_refused() -> None:
    with pytest.raises(ValidationError, match="at least 16 characters"):
        Settings(secret_key="short")
    with pytest.raises(ValidationError, match="log_level"):
        Settings(log_level="LOUD")


def test_an_empty_key_file_is_reported_not_used(tmp_path: Path) -> None:
    (tmp_path / "secret.key").write_text("")
    with pytest.raises(RuntimeError, match="AWARDBOT_SECRET_KEY"):
        Settings(data_dir=tmp_path).secret_bytes()


def test_get_settings_reads_the_environment_once(monkeypatch: pytest.MonkeyPatch) -> None:
    get_settings.cache_clear()
    monkeypatch.setenv("AWARDBOT_PORT", "9100")
    try:
        assert get_settings() is get_settings()
        assert get_settings().port == 9100
    finally:
        get_settings.cache_clear()


def test_links_point_at_the_served_port_unless_a_public_url_is_set(tmp_path: Path) -> None:
    plain = Settings(data_dir=tmp_path, secret_key="a secret for the address test")
    assert addressed(plain, "127.0.0.1", 8091).public_url == "http://127.0.0.1:8091"
    public = Settings(data_dir=tmp_path, secret_key="a secret for the address test",
                      public_url="https://awardbot.example.cn")
    assert addressed(public, "127.0.0.1", 8091).public_url == "https://awardbot.example.cn"
