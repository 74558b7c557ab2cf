"""The declarative base, its naming convention, and the column types every model shares.

A fixed naming convention gives every constraint and index a predictable name, which alembic
needs to alter or drop them later (SQLite batch migrations in particular cannot work with
unnamed constraints).
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import orjson
from sqlalchemy import JSON, BigInteger, DateTime, Dialect, Enum, Integer, MetaData
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator, TypeEngine

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    """The current time, timezone-aware in UTC (the only kind of datetime we store)."""
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timestamp that is always timezone-aware UTC in Python, whatever the backend.

    PostgreSQL keeps `timestamptz`; SQLite keeps no zone at all, so values are normalised to UTC
    on the way in and marked UTC on the way out. Naive datetimes are refused: their meaning
    depends on the server's clock settings.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes cannot be stored; use bot.db.base.utcnow()")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def dump_json(value: Any) -> str:
    """JSON as the database columns store it (`bot.db.session`): orjson, about seven times
    quicker than the standard library, which matters for values written on every message (the
    dialog state, the transcript, the stored reply); keys that are not strings become strings,
    as the standard library makes them."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def load_json(text: str | bytes | float) -> Any:
    """A JSON column's value read back. SQLite gives a bare JSON number back as a number (a
    column declared JSON has numeric affinity), which the standard library's reader refused
    with a TypeError that SQLAlchemy catches; orjson's error is another, so numbers pass here."""
    if isinstance(text, int | float):
        return text
    return orjson.loads(text)


def json_type(*, none_as_null: bool = False) -> TypeEngine[Any]:
    """JSON everywhere, stored as JSONB on PostgreSQL (smaller, indexable)."""
    return JSON(none_as_null=none_as_null).with_variant(
        JSONB(none_as_null=none_as_null), "postgresql")


BIG_ID = BigInteger().with_variant(Integer(), "sqlite")
"""A 64-bit key on PostgreSQL; INTEGER on SQLite, where only that type autoincrements."""


class Base(DeclarativeBase):
    """Base class of every model; the metadata alembic migrates."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {  # noqa: RUF012 - SQLAlchemy reads it once
        dt.datetime: UTCDateTime(),
        dict[str, Any]: json_type(),
    }


def portable_enum(cls: type[enum.StrEnum], name: str) -> Enum:
    """A portable enum column: VARCHAR plus a named CHECK constraint, values as stored."""
    return Enum(cls, name=name, native_enum=False, create_constraint=True, length=16,
                values_callable=lambda members: [m.value for m in members])
