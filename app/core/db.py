"""Declarative base, time helpers and column types shared by every feature."""

from __future__ import annotations

import secrets
import sqlite3
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(sa.TypeDecorator):
    """Timezone-aware UTC timestamps on every backend.

    SQLite drops the offset, so values are stored as naive UTC and handed back
    aware; PostgreSQL gets ``timestamp with time zone``.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use app.core.db.utcnow()")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def enum_column(enum_class: type, **kwargs) -> sa.Enum:
    """A portable enum stored as its string values (no native PG type to migrate)."""
    return sa.Enum(
        enum_class,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        **kwargs,
    )


#: JSON everywhere, stored as JSONB on PostgreSQL so it can be indexed later.
JSONType = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


#: Table option for rows the audit trail points at: SQLite would otherwise hand
#: the id of a deleted last row to the next insert, which would inherit its history.
NEVER_REUSE_IDS = {"sqlite_autoincrement": True}


def new_public_id() -> str:
    """An unguessable reference that may appear in URLs and mails."""
    return secrets.token_urlsafe(16)


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class PublicIdMixin:
    #: Random, URL-safe; never derived from the row id, so it cannot be enumerated.
    public_id: Mapped[str] = mapped_column(sa.String(32), unique=True, default=new_public_id)


@sa.event.listens_for(sa.engine.Engine, "connect")
def _enable_sqlite_foreign_keys(dbapi_connection, _record) -> None:
    # SQLite ignores ON DELETE CASCADE unless asked per connection.
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.execute("PRAGMA foreign_keys=ON")


def trigram_index(name: str, column: str) -> sa.Index:
    """A pg_trgm GIN index for substring and similarity search, on PostgreSQL only.

    Its name ends in ``_trgm`` so that autogenerate leaves it to hand-written
    migrations (see :func:`include_in_comparison`).
    """
    return sa.Index(name, column, postgresql_using="gin", postgresql_ops={column: "gin_trgm_ops"}).ddl_if(
        dialect="postgresql"
    )


def include_in_comparison(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic's autogenerate filter: trigram indexes exist on PostgreSQL only and are migrated by hand."""
    return not (type_ == "index" and name and name.endswith("_trgm"))
