"""Board and alerts: public needs, the origin of a match, alert subscriptions and the alerts sent.

Reviewed by hand. Existing needs stay off the public board (is_public false)
until an organisation or coordinator puts them there; existing matches were
all proposed by staff; nobody has asked for alerts yet. Enums are plain
strings, as everywhere (app.core.db.enum_column).

It also repairs 0007 on SQLite: its batch change of ``matches`` recreated the table without
AUTOINCREMENT (0006), so a new match could take a deleted one's id and audit trail. The table
is copied once more with it (migrations/env.py switches foreign keys off meanwhile).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)


def upgrade():
    op.create_table(
        "alert_mails",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("is_digest", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_alert_mails_person_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_mails")),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_alert_mails_person_created", "alert_mails", ["person_id", "created_at"])

    op.create_table(
        "need_alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("mail_id", sa.Integer(), nullable=True),
        sa.Column("response", sa.String(length=32), nullable=True),
        sa.Column("responded_at", TIMESTAMP, nullable=True),
        sa.ForeignKeyConstraint(
            ["mail_id"], ["alert_mails.id"], name=op.f("fk_need_alerts_mail_id_alert_mails"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["need_id"], ["needs.id"], name=op.f("fk_need_alerts_need_id_needs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["offers.id"], name=op.f("fk_need_alerts_offer_id_offers"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_need_alerts_person_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_need_alerts")),
        sa.UniqueConstraint("need_id", "person_id", name=op.f("uq_need_alerts_need_id")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_need_alerts_mail_id"), "need_alerts", ["mail_id"])
    op.create_index(op.f("ix_need_alerts_offer_id"), "need_alerts", ["offer_id"])
    op.create_index("ix_need_alerts_person_mail", "need_alerts", ["person_id", "mail_id"])

    # Plain ADD COLUMN, not batch mode: recreating these tables on SQLite would drop their
    # AUTOINCREMENT (migration 0006), and ids of audited rows must never be handed out again.
    op.add_column("matches", sa.Column("origin", sa.String(length=32), server_default="staff", nullable=False))
    op.add_column("needs", sa.Column("is_public", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column("needs", sa.Column("published_at", TIMESTAMP, nullable=True))
    op.create_index("ix_needs_public_status", "needs", ["is_public", "status"])
    op.add_column("people", sa.Column("alerts_enabled", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column("people", sa.Column("alerts_changed_at", TIMESTAMP, nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("matches", recreate="always", table_kwargs={"sqlite_autoincrement": True}):
            pass


def downgrade():
    # DROP COLUMN in place (SQLite 3.35+), for the same reason as above.
    op.drop_column("people", "alerts_changed_at")
    op.drop_column("people", "alerts_enabled")
    op.drop_index("ix_needs_public_status", table_name="needs")
    op.drop_column("needs", "published_at")
    op.drop_column("needs", "is_public")
    op.drop_column("matches", "origin")
    op.drop_table("need_alerts")
    op.drop_table("alert_mails")
