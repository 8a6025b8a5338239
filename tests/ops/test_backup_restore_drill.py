"""The restore drill (make backup-restore-test) runs end to end on the suite's PostgreSQL server.

It uses its own two databases named after the test database, so that it never meets a drill an operator
runs by hand (helfernetz_backup_src/_restored).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def postgres_server(database):
    url = sa.make_url(database)
    if url.get_backend_name() != "postgresql":
        pytest.skip("PostgreSQL only: runs when TEST_DATABASE_URL points at PostgreSQL (CI's second pass)")
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        message = "pg_dump/pg_restore are missing: apt-get install postgresql-client"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return url


def databases(server: sa.URL) -> list[str]:
    engine = sa.create_engine(server.set(database="postgres"))
    with engine.connect() as connection:
        names = connection.scalars(sa.text("SELECT datname FROM pg_database")).all()
    engine.dispose()
    return names


def test_backup_and_restore_keep_every_row(postgres_server):
    source, restored = f"{postgres_server.database}_backup_src", f"{postgres_server.database}_backup_restored"
    env = {
        **os.environ,
        "PGHOST": postgres_server.host or "127.0.0.1",
        "PGPORT": str(postgres_server.port or 5432),
        "PGUSER": postgres_server.username or "postgres",
        "BACKUP_TEST_SOURCE_DB": source,
        "BACKUP_TEST_RESTORED_DB": restored,
        "PYTHON": sys.executable,
    }
    if postgres_server.password:
        env["PGPASSWORD"] = postgres_server.password
    result = subprocess.run(
        ["bash", "scripts/backup-restore-test.sh"],  # noqa: S607 - bash from PATH, as make runs it
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert ", 0 different; empty tables: none" in result.stdout
    assert "rows offers" in result.stdout and "md5 people" in result.stdout and "alembic version" in result.stdout
    assert not {source, restored} & set(databases(postgres_server))
