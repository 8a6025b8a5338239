"""Back office: Stadtbezirk per place, offer search text, notes, forwardings, session epochs.

Reviewed by hand. Existing rows are backfilled here with the running app's
gazetteer and search folding, so filters and search see them at once. The
trigram index exists on PostgreSQL only (SQLite scans, fine at its sizes);
pg_trgm is a trusted extension, so the database owner may create it.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

LOCATED_TABLES = ("people", "offers", "organisations", "needs")


def upgrade():
    for table in LOCATED_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("borough", sa.String(length=64), nullable=True))
            batch_op.create_index(f"ix_{table}_borough", ["borough"], unique=False)
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("search_text", sa.Text(), nullable=True))
        batch_op.create_index("ix_offers_status_created", ["status", "created_at", "id"], unique=False)
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("contact_name", sa.String(length=120), nullable=True))
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_epoch", sa.Integer(), nullable=False, server_default="0"))
    _create_notes_and_forwardings()
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE INDEX ix_offers_search_text_trgm ON offers USING gin (search_text gin_trgm_ops)")
    _backfill()


def _create_notes_and_forwardings():
    op.create_table(
        "offer_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name="fk_offer_notes_author_id_users", ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["offer_id"], ["offers.id"], name="fk_offer_notes_offer_id_offers", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_offer_notes"),
    )
    op.create_index("ix_offer_notes_offer_id", "offer_notes", ["offer_id"], unique=False)
    op.create_table(
        "offer_forwardings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("department_key", sa.String(length=64), nullable=False),
        sa.Column("department_name", sa.String(length=200), nullable=False),
        sa.Column("department_email", sa.String(length=254), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name="fk_offer_forwardings_actor_id_users", ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["offers.id"], name="fk_offer_forwardings_offer_id_offers", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_offer_forwardings"),
    )
    op.create_index("ix_offer_forwardings_offer_id", "offer_forwardings", ["offer_id"], unique=False)


def _backfill():
    from app.offers.search import compose
    from app.places.services import gazetteer

    bind = op.get_bind()
    for district in gazetteer().districts:
        for table in LOCATED_TABLES:
            bind.execute(
                sa.text(f"UPDATE {table} SET borough = :borough WHERE district = :district"),  # noqa: S608
                {"borough": district.borough, "district": district.name},
            )
    # Plain SQL on the columns as they are at this revision, not today's models.
    rows = bind.execute(
        sa.text(
            "SELECT o.id, p.first_name, p.last_name, p.skills, p.email, o.description, o.details"
            " FROM offers o JOIN people p ON p.id = o.person_id"
        )
    ).all()
    for row in rows:
        details = json.loads(row.details) if isinstance(row.details, str) else row.details
        text = compose([row.first_name, row.last_name, row.skills, row.email], row.description, details)
        bind.execute(sa.text("UPDATE offers SET search_text = :text WHERE id = :id"), {"text": text, "id": row.id})


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_offers_search_text_trgm")
    op.drop_index("ix_offer_forwardings_offer_id", table_name="offer_forwardings")
    op.drop_table("offer_forwardings")
    op.drop_index("ix_offer_notes_offer_id", table_name="offer_notes")
    op.drop_table("offer_notes")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("session_epoch")
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_column("contact_name")
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.drop_index("ix_offers_status_created")
        batch_op.drop_column("search_text")
    for table in LOCATED_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f"ix_{table}_borough")
            batch_op.drop_column("borough")
