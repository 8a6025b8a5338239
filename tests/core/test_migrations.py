"""The migrations build exactly the schema the models describe, on this suite's database."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app.core.db import include_in_comparison
from app.extensions import db


def test_upgrade_leaves_no_difference_between_models_and_schema(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": include_in_comparison}
        )
        assert compare_metadata(context, db.metadata) == []


def test_migrations_are_linear(app):
    script = app.extensions["migrate"].migrate.get_config("migrations")
    from alembic.script import ScriptDirectory

    heads = ScriptDirectory.from_config(script).get_heads()
    assert len(heads) == 1


def test_tables_that_never_reuse_ids_keep_autoincrement_after_every_migration(app):
    # Batch mode on SQLite recreates a table and drops AUTOINCREMENT (a bug 0008 had at first):
    # then a new person could take a deleted person's id and audit trail.
    if db.engine.dialect.name != "sqlite":
        return  # PostgreSQL sequences never hand an id out twice
    wanted = {table.name for table in db.metadata.tables.values() if table.dialect_kwargs.get("sqlite_autoincrement")}
    with db.engine.connect() as connection:
        schema = dict(connection.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'table'").all())
    assert wanted and {name for name in wanted if "AUTOINCREMENT" not in schema[name]} == set()
