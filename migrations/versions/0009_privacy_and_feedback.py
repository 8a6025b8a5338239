"""Privacy and feedback: anonymised persons, deleted forwarding details, "Did it work?" answers.

Reviewed by hand. Plain ADD COLUMN (no batch mode), so SQLite keeps AUTOINCREMENT
on people (see 0006 and 0008). Nobody is anonymised yet; no details deleted yet.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)


def upgrade():
    op.create_table(
        "match_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("match_id", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=32), nullable=False),
        sa.Column("asked_at", TIMESTAMP, nullable=False),
        sa.Column("answer", sa.String(length=32), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("answered_at", TIMESTAMP, nullable=True),
        sa.ForeignKeyConstraint(
            ["match_id"], ["matches.id"], name=op.f("fk_match_feedback_match_id_matches"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_feedback")),
        sa.UniqueConstraint("match_id", "side", name=op.f("uq_match_feedback_match_id")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_match_feedback_match_id"), "match_feedback", ["match_id"])
    op.add_column("people", sa.Column("erased_at", TIMESTAMP, nullable=True))
    op.create_index(op.f("ix_people_erased_at"), "people", ["erased_at"])
    op.add_column("offer_forwardings", sa.Column("details_deleted_at", TIMESTAMP, nullable=True))


def downgrade():
    op.drop_column("offer_forwardings", "details_deleted_at")
    op.drop_index(op.f("ix_people_erased_at"), table_name="people")
    op.drop_column("people", "erased_at")
    op.drop_table("match_feedback")
