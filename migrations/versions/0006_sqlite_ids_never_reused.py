"""SQLite: ids of audited rows are never handed out again (AUTOINCREMENT).

Reviewed by hand. Without AUTOINCREMENT SQLite gives a new row the id of a
deleted last row; a person created after a merge or purge would then show
the deleted person's audit trail, and an offer could repeat a reference
(HN-2026-00123). PostgreSQL sequences never reuse ids: nothing to do there.
The tables are copied by Alembic's batch mode; migrations/env.py switches
foreign keys off meanwhile, so the copy does not cascade.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TABLES = ("users", "organisations", "people", "offers", "needs", "matches")


def _recreate(autoincrement: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
        ):
            pass


def upgrade():
    _recreate(True)


def downgrade():
    _recreate(False)
