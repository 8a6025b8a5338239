"""Fixtures: a real database built by the migrations, a real SMTP server.

The database comes from ``TEST_DATABASE_URL`` (PostgreSQL in CI) or is a fresh
SQLite file. An unreachable database or mail server fails the run; nothing is
skipped.
"""

from __future__ import annotations

import email
import email.policy
import gc
import os
import re
import socket

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from flask import g
from flask_migrate import upgrade

from app import create_app
from app.extensions import db, limiter
from app.normalisation.taxonomy_store import reset_to_shipped
from app.offers.models import Offer
from app.outbox.models import OutboxMessage
from app.people.models import Person
from config import TestingConfig, database_url
from tests.offers.payloads import offer_form


@pytest.fixture(scope="session")
def database(tmp_path_factory) -> str:
    """A database with the schema the migrations build, empty."""
    default = f"sqlite:///{tmp_path_factory.mktemp('db') / 'helfernetz-test.sqlite'}"
    url = database_url(os.environ.get("TEST_DATABASE_URL"), default)
    engine = sa.create_engine(url)
    try:
        with engine.connect():
            pass
    except sa.exc.OperationalError as exc:
        pytest.fail(f"test database {engine.url.render_as_string()} is unreachable: {exc}", pytrace=False)
    _drop_everything(engine)
    engine.dispose()
    migrated = create_app(config_for(url))
    with migrated.app_context():
        upgrade(directory="migrations")
        db.engine.dispose()
    return url


def _drop_everything(engine: sa.Engine) -> None:
    """Start from nothing, also after an earlier run that died half-way."""
    metadata = sa.MetaData()
    metadata.reflect(engine)
    metadata.drop_all(engine)


def config_for(url: str, **overrides) -> type[TestingConfig]:
    return type("SuiteConfig", (TestingConfig,), {"SQLALCHEMY_DATABASE_URI": url, **overrides})


@pytest.fixture(autouse=True)
def _own_rate_limit_key_prefix():
    """Each test's first app sets RATELIMIT_KEY_PREFIX anew.

    The one Limiter of the process keeps the first prefix it was given (production has one app
    per process), so a test reading its keys in Redis by prefix found none after another test
    had set one.
    """
    limiter._key_prefix = ""


@pytest.fixture
def config_overrides() -> dict:
    """Override in a test module to change settings for its app."""
    return {}


@pytest.fixture
def app(database, config_overrides):
    app = create_app(config_for(database, **config_overrides))
    app.teardown_request(_forget_request_globals)
    with app.app_context():
        yield app
        db.session.remove()
        _empty_tables()
        db.engine.dispose()
    # A connection left open by this test warns here, not in a random later one.
    gc.collect()


def _forget_request_globals(_error=None) -> None:
    """Give each test request a fresh ``g``, as in production.

    The fixture keeps an app context open, which Flask reuses for every test
    request, so ``g`` (Flask-Login's user, Flask-Babel's locale) would carry
    over from one request, and one client, to the next.
    """
    g.__dict__.clear()


#: Seeded by the migrations and kept between tests; a test that changes it uses ``restore_taxonomy``.
KEPT_TABLES = frozenset({"help_concepts"})


def _empty_tables() -> None:
    tables = [table.name for table in reversed(db.metadata.sorted_tables) if table.name not in KEPT_TABLES]
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(sa.text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for name in tables:
                connection.execute(sa.text(f"DELETE FROM {name}"))  # noqa: S608 - names from our metadata


@pytest.fixture
def restore_taxonomy(app):
    """For a test that changes the help concepts: the shipped set is back for the next test."""
    yield
    db.session.rollback()
    reset_to_shipped()
    db.session.commit()


@pytest.fixture
def make_app(database):
    """Build further apps on the test database (a second server, production settings).

    Their connection pools are closed at the end, so no connection is left
    for the garbage collector to warn about in some later test.
    """
    made = []

    def build(config=None, **overrides):
        built = create_app(config or config_for(database, **overrides))
        made.append(built)
        return built

    yield build
    for built in made:
        with built.app_context():
            db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


CSRF_PATTERN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token_from(html: str) -> str:
    match = CSRF_PATTERN.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)


@pytest.fixture
def csrf_token(client):
    """Fetch a page and return its CSRF token (the session cookie stays in the client)."""

    def fetch(url: str) -> str:
        return csrf_token_from(client.get(url).get_data(as_text=True))

    return fetch


class MailSink:
    """Collects what a real SMTP server receives."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpServer:
    """An aiosmtpd server on loopback that tests can stop and start again."""

    def __init__(self) -> None:
        self.port = free_port()
        self.sink = MailSink()
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(self.sink, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller:
            self._controller.stop()
            self._controller = None

    @property
    def messages(self) -> list[email.message.EmailMessage]:
        return self.sink.messages


@pytest.fixture
def smtp_server(app):
    server = SmtpServer()
    server.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port)
    app.extensions["mail"].server = "127.0.0.1"
    app.extensions["mail"].port = server.port
    yield server
    server.stop()


FORM_URL = "/helfen/angebot"


@pytest.fixture
def submit(client, csrf_token):
    """POST the offer form with a fresh CSRF token; returns the response."""

    def post(data: dict | None = None, *, with_token: bool = True, lang: str | None = None, **kwargs):
        data = dict(data if data is not None else offer_form())
        url = FORM_URL + (f"?lang={lang}" if lang else "")
        token = csrf_token(url)
        if with_token:
            data["csrf_token"] = token
        return client.post(FORM_URL, data=data, **kwargs)

    return post


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.fixture
def counts():
    def take() -> tuple[int, int, int]:
        db.session.expire_all()
        return count(Person), count(Offer), count(OutboxMessage)

    return take
