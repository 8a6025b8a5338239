"""Duplicate check narrowed in the database: trigram index on the folded name.

Reviewed by hand. The index exists on PostgreSQL only (SQLite narrows by
shared letter pairs in a scan, fine at its sizes); pg_trgm was created by 0004.
Rows written before 0003 get their folded name here, with the running app's
folding, since the index cannot find a row without one.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    _backfill()
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE INDEX ix_people_name_key_trgm ON people USING gin (name_key gin_trgm_ops)")


def _backfill():
    from app.people.duplicates import fold_name

    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, first_name, last_name FROM people WHERE name_key IS NULL")).all()
    for row in rows:
        bind.execute(
            sa.text("UPDATE people SET name_key = :key WHERE id = :id"),
            {"key": fold_name(f"{row.first_name} {row.last_name}"), "id": row.id},
        )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_people_name_key_trgm")
