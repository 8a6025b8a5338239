"""Matching: help concepts in the database, normalised values on people, offers and needs, match quantities.

Reviewed by hand. The taxonomy table is seeded from the concepts file shipped
with this revision (app/normalisation/data/concepts.toml); from then on admins
edit it in the back office. New JSON columns get a server default so existing
rows are valid at once; `_backfill` reads the free texts of the rows already
stored with the shipped taxonomy (as the write-time normaliser would), and
`flask normalisation refresh` does it again after admins change the taxonomy.

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
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.create_index("ix_people_updated_at", ["updated_at"], unique=False)
    with op.batch_alter_table("matches", schema=None) as batch_op:
        batch_op.add_column(sa.Column("quantity", sa.Integer(), server_default="1", nullable=False))
        batch_op.create_check_constraint("ck_matches_quantity_positive", "quantity > 0")
    op.bulk_insert(concepts, _seed_rows())
    _backfill()


def _backfill():
    """Concepts and readings of the stored people, offers and needs; confident languages join the person's."""
    import json

    from app.normalisation.concepts import taxonomy
    from app.normalisation.stored import NEED_TEXTS, PERSON_TEXTS, read_offer, read_texts

    bind = op.get_bind()
    shipped = taxonomy()
    # Plain SQL on the columns as they are at this revision, not today's models.
    for row in bind.execute(sa.text("SELECT id, other_languages, skills FROM people")).all():
        reading = read_texts({field: getattr(row, field) for field in PERSON_TEXTS}, shipped)
        _store_reading(bind, "people", row.id, reading)
        known = set(bind.execute(sa.text("SELECT code FROM person_languages WHERE person_id = :id"), {"id": row.id}).scalars())
        for code in (code for code in reading.languages if code not in known):
            bind.execute(sa.text("INSERT INTO person_languages (person_id, code) VALUES (:id, :code)"), {"id": row.id, "code": code})
    for row in bind.execute(sa.text("SELECT id, description, details FROM offers")).all():
        details = json.loads(row.details) if isinstance(row.details, str) else row.details
        _store_reading(bind, "offers", row.id, read_offer(row.description, details, shipped))
    for row in bind.execute(sa.text("SELECT id, title, skills, description FROM needs")).all():
        _store_reading(bind, "needs", row.id, read_texts({field: getattr(row, field) for field in NEED_TEXTS}, shipped))


def _store_reading(bind, table, row_id, reading):
    update = sa.text(f"UPDATE {table} SET concepts = :concepts, normalisation = :normalisation WHERE id = :id").bindparams(  # noqa: S608
        sa.bindparam("concepts", type_=JSON), sa.bindparam("normalisation", type_=JSON)
    )
    bind.execute(update, {"concepts": reading.concepts, "normalisation": reading.normalisation, "id": row_id})


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
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index("ix_people_updated_at")
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.drop_index("ix_offers_updated_at")
    for table in NORMALISED_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("normalisation")
            batch_op.drop_column("concepts")
    op.drop_table("help_concepts")
