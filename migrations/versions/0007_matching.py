"""Matching: help concepts in the database, normalised values on people, offers and needs, match quantities.

Reviewed by hand. The taxonomy table is seeded from the concepts file shipped
with this revision (app/normalisation/data/concepts.toml); from then on admins
edit it in the back office. New JSON columns get a server default so existing
rows are valid at once; the write-time normaliser fills them on the next save
and `flask matches renormalise` for everything already stored.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

import tomllib
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
NORMALISED_TABLES = ("people", "offers", "needs")
CONCEPTS_FILE = Path(__file__).parents[2] / "app" / "normalisation" / "data" / "concepts.toml"


def upgrade():
    concepts = op.create_table(
        "help_concepts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("group", sa.String(length=32), nullable=False),
        sa.Column("label_de", sa.String(length=120), nullable=False),
        sa.Column("label_en", sa.String(length=120), nullable=False),
        sa.Column("synonyms_de", JSON, nullable=False),
        sa.Column("synonyms_en", JSON, nullable=False),
        sa.Column("related", JSON, nullable=False),
        sa.Column("referral_only", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_help_concepts"),
        sa.UniqueConstraint("key", name="uq_help_concepts_key"),
        sqlite_autoincrement=True,
    )
    for table in NORMALISED_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("concepts", JSON, nullable=False, server_default="[]"))
            batch_op.add_column(sa.Column("normalisation", JSON, nullable=False, server_default="{}"))
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.create_index("ix_offers_updated_at", ["updated_at"], unique=False)
    with op.batch_alter_table("matches", schema=None) as batch_op:
        batch_op.add_column(sa.Column("quantity", sa.Integer(), server_default="1", nullable=False))
        batch_op.create_check_constraint("ck_matches_quantity_positive", "quantity > 0")
    op.bulk_insert(concepts, _seed_rows())


def _seed_rows() -> list[dict]:
    with CONCEPTS_FILE.open("rb") as f:
        records = tomllib.load(f)
    now = datetime.now(UTC)
    return [
        {
            "key": key,
            "group": record["group"],
            "label_de": record["de"],
            "label_en": record["en"],
            "synonyms_de": record.get("synonyms_de", []),
            "synonyms_en": record.get("synonyms_en", []),
            "related": record.get("related", []),
            "referral_only": record.get("referral_only", False),
            "created_at": now,
            "updated_at": now,
        }
        for key, record in records.items()
    ]


def downgrade():
    with op.batch_alter_table("matches", schema=None) as batch_op:
        batch_op.drop_constraint("ck_matches_quantity_positive", type_="check")
        batch_op.drop_column("quantity")
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.drop_index("ix_offers_updated_at")
    for table in NORMALISED_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("normalisation")
            batch_op.drop_column("concepts")
    op.drop_table("help_concepts")
