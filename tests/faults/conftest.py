"""Fault tests: PostgreSQL and Redis behind a proxy the test can cut, a real HTTP server, real senders.

These tests always run on PostgreSQL (their own database ``test_faults``), in
the SQLite pass of CI too: pooling, reconnecting and row locks are what they
are about. Without PostgreSQL or Redis they fail in CI and skip elsewhere.
"""

from __future__ import annotations

import contextlib
import os
import urllib.parse

import pytest
import redis
import sqlalchemy as sa
from flask_migrate import upgrade

from app import create_app
from app.extensions import db
from tests.conftest import _drop_everything, config_for
from tests.faults.proxy import TcpProxy
from tests.faults.support import FAULTS_DATABASE_URL, FAULTS_REDIS_URL, ROOT, LiveServer


def missing(what: str, error: Exception):
    """A part these tests need is absent: a failure in CI, a reasoned skip on a developer's machine."""
    message = f"{what} is unreachable ({error}); the fault tests need it"
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def _create_database(url: sa.URL) -> None:
    server = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as connection:
            exists = connection.scalar(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": url.database}
            )
            if not exists:
                connection.execute(sa.text(f'CREATE DATABASE "{url.database}"'))
    except sa.exc.OperationalError as exc:
        missing(f"PostgreSQL at {url.host}:{url.port}", exc)
    finally:
        server.dispose()


@pytest.fixture(scope="session")
def direct_database_url() -> str:
    """``test_faults`` migrated and empty, reached without the proxy."""
    url = sa.make_url(FAULTS_DATABASE_URL)
    _create_database(url)
    engine = sa.create_engine(url)
    _drop_everything(engine)
    engine.dispose()
    rendered = url.render_as_string(hide_password=False)
    migrated = create_app(config_for(rendered))
    with migrated.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        db.engine.dispose()
    return rendered


@pytest.fixture(scope="session")
def database_proxy(direct_database_url):
    url = sa.make_url(direct_database_url)
    proxy = TcpProxy((url.host, url.port or 5432)).start()
    yield proxy
    proxy.cut()


@pytest.fixture(scope="session")
def database(direct_database_url, database_proxy) -> str:
    """Overrides the suite's ``database``: here every app reaches PostgreSQL through the proxy."""
    url = sa.make_url(direct_database_url).set(host="127.0.0.1", port=database_proxy.port)
    return url.render_as_string(hide_password=False)


@pytest.fixture
def pg_proxy(app, database_proxy):
    """The database proxy for one test; it is back, and the pool fresh, before the tables are emptied."""
    yield database_proxy
    if not database_proxy.is_up:
        database_proxy.restore()
    # The test's own session may hold a connection the cut killed; rolling it back fails, and invalidates it.
    with contextlib.suppress(sa.exc.OperationalError):
        db.session.rollback()
    db.session.remove()
    db.engine.dispose()


@pytest.fixture
def redis_proxy():
    url = urllib.parse.urlsplit(FAULTS_REDIS_URL)
    client = redis.Redis.from_url(FAULTS_REDIS_URL)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as exc:
        missing(f"Redis at {url.netloc}", exc)
    finally:
        client.close()
    proxy = TcpProxy((url.hostname, url.port or 6379)).start()
    proxy.url = f"redis://{proxy.address}{url.path}"
    yield proxy
    proxy.cut()


@pytest.fixture
def live_server(app):
    server = LiveServer(app)
    server.start()
    yield server
    server.stop()
