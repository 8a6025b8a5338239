"""Outbox renders mails on delivery: template locale and JSON context per message.

Reviewed by hand: rows queued before this revision are already rendered, so
they get locale 'de' and an empty context through server defaults (needed to
add NOT NULL columns to a table with rows); subject and body become nullable
because they are filled when the mail is sent.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade():
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("locale", sa.String(length=10), nullable=False, server_default="de"))
        batch_op.add_column(sa.Column("context", JSON, nullable=False, server_default=sa.text("'{}'")))
        batch_op.alter_column("subject", existing_type=sa.String(length=255), nullable=True)
        batch_op.alter_column("body_text", existing_type=sa.Text(), nullable=True)
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        # The defaults were only for existing rows; the application always sets both.
        batch_op.alter_column("locale", server_default=None, existing_type=sa.String(length=10))
        batch_op.alter_column("context", server_default=None, existing_type=JSON)


def downgrade():
    # Unsent mails have no body yet: render them (flask outbox send) before downgrading.
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.alter_column("body_text", existing_type=sa.Text(), nullable=False)
        batch_op.alter_column("subject", existing_type=sa.String(length=255), nullable=False)
        batch_op.drop_column("context")
        batch_op.drop_column("locale")
