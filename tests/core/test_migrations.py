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
