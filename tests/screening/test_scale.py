"""The queue at 100 000 offers and 20 000 persons: a fixed number of SQL statements per page.

The rows are generated once for the module with Core bulk inserts
(bench/backoffice_data.py, shared with the benchmark) and removed at its end.
On PostgreSQL the trigram index on the search text is dropped for the module
and created again on the emptied table: the statement counts do not depend on
it, and maintaining it row by row would double the load time.
Each request's statements are counted on the engine: the number must not grow
with the page size or the filters (no N+1), and page 2 must continue page 1.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from app import create_app
from app.accounts.models import Role
from app.core.db import utcnow
from app.extensions import db
from app.offers.models import Offer, OfferKind, OfferStatus
from app.people.models import Channel
from app.screening import queue as q
from app.screening.queue import QueueFilters, place_of, queue_page
from bench.backoffice_data import create_indexes, drop_gin_indexes, generate
from tests.conftest import _empty_tables, config_for, csrf_token_from
from tests.factories import log_in, make_user

URL = "/intern/angebote"
#: Statements one queue page may take: the login's user, the page's ids (which count the
#: matches on page 1), the offers with their persons, their languages; the count on later pages.
MAX_STATEMENTS = 5
NOW = utcnow()
LAST_MONTH = (NOW - timedelta(days=30)).date()


@pytest.fixture(scope="module")
def big(database):
    """The app with the generated rows, and a coordinator's client.

    Requests run outside any app context held by the test, so each gets its
    own, with a fresh database session, as in production; statement counts
    are not flattered by objects a previous request left in the session.
    """
    app = create_app(config_for(database))
    with app.app_context():
        # Without the trigram index the load takes half the time; it comes back on the emptied table.
        gin_indexes = drop_gin_indexes(Offer.__tablename__)
        generated = generate(now=NOW)
        user = make_user(Role.COORDINATOR)
        db.session.commit()
        assert generated.offers == 100_000
        client = app.test_client()
        log_in(client, user)
        engine = db.engine
    yield Scale(app, client, engine)
    with app.app_context():
        _empty_tables()
        create_indexes(gin_indexes)
        db.session.commit()
        db.engine.dispose()


@dataclass
class Scale:
    app: Flask
    client: FlaskClient
    engine: sa.Engine

    @contextmanager
    def database(self) -> Iterator[None]:
        """An app context for queries of the test itself (never around a request)."""
        with self.app.app_context():
            yield
            db.session.remove()

    def get(self, url: str, **args) -> tuple[str, list[str]]:
        """GET a page; its HTML and the SQL statements it ran."""
        statements: list[str] = []

        def count(_conn, _cursor, statement, *_args) -> None:
            statements.append(statement)

        sa.event.listen(self.engine, "before_cursor_execute", count)
        try:
            response = self.client.get(url, query_string=args or None)
        finally:
            sa.event.remove(self.engine, "before_cursor_execute", count)
        assert response.status_code == 200, response.status_code
        return response.get_data(as_text=True), statements


def link(html: str, rel: str) -> str:
    """The "Weitere" (next) or "Zurück" (prev) link of a queue page."""
    return re.search(rf'rel="{rel}" href="([^"]+)"', html).group(1).replace("&amp;", "&")


def shown(html: str) -> list[str]:
    return re.findall(r'href="/intern/angebote/([^"]+)"', html.split("<tbody", 1)[1])


FILTERS = {
    "default (new)": ({}, QueueFilters()),
    "all statuses": ({"status": "all"}, QueueFilters(status="all")),
    "kind": ({"kind": "housing"}, QueueFilters(kind=OfferKind.HOUSING)),
    "language": ({"language": "ar", "status": "all"}, QueueFilters(status="all", language="ar")),
    "borough": ({"borough": "Linden-Limmer"}, QueueFilters(borough="Linden-Limmer")),
    "source": ({"source": "phone", "status": "verified"}, QueueFilters(status="verified", source=Channel.PHONE)),
    "dates": (
        {"received_from": LAST_MONTH.isoformat(), "received_until": NOW.date().isoformat(), "status": "all"},
        QueueFilters(status="all", received_from=LAST_MONTH, received_until=NOW.date()),
    ),
    "newest first": ({"order": "newest"}, QueueFilters(newest_first=True)),
    "combined": (
        {"status": "all", "kind": "interpreting", "language": "uk", "borough": "Mitte", "order": "newest"},
        QueueFilters(status="all", kind=OfferKind.INTERPRETING, language="uk", borough="Mitte", newest_first=True),
    ),
}


def satisfies(offer: Offer, filters: QueueFilters) -> bool:
    """The filter's meaning, checked in Python on the rows a page shows."""
    statuses = q.VISIBLE_STATUSES if filters.status == "all" else (OfferStatus(filters.status),)
    languages = [entry["code"] for entry in offer.details.get("languages", [])] + offer.person.language_codes
    received = offer.created_at.astimezone(ZoneInfo("Europe/Berlin")).date()
    return (
        offer.status in statuses
        and filters.kind in (None, offer.kind)
        and filters.source in (None, offer.source)
        and filters.language in (None, *languages)
        and filters.borough in (None, place_of(offer).borough)
        and (filters.received_from is None or received >= filters.received_from)
        and (filters.received_until is None or received <= filters.received_until)
    )


@pytest.mark.parametrize("name", list(FILTERS))
def test_each_filter_takes_a_fixed_number_of_statements(big, name):
    args, filters = FILTERS[name]
    html, statements = big.get(URL, **args)
    assert len(statements) <= MAX_STATEMENTS, statements
    with big.database():
        page = queue_page(filters)
        assert shown(html) == [offer.public_id for offer in page.offers]
        assert len(page.offers) == q.PAGE_SIZE or name == "combined"
        assert page.offers and all(satisfies(offer, filters) for offer in page.offers)


def test_the_statement_count_does_not_grow_with_the_page_size(big, monkeypatch):
    monkeypatch.setattr(q, "PAGE_SIZE", 5)
    _, few = big.get(URL, status="all")
    monkeypatch.setattr(q, "PAGE_SIZE", 200)
    html, many = big.get(URL, status="all")
    assert len(shown(html)) == 200
    assert len(few) == len(many) <= MAX_STATEMENTS


def test_a_search_by_folded_name_and_its_next_page(big):
    token = csrf_token_from(big.get(URL)[0])
    response = big.client.post(URL, data={"csrf_token": token, "q": "mueller", "status": "all"})
    assert response.status_code == 303, response.get_data(as_text=True)[-3000:]
    first, statements = big.get(response.headers["Location"])
    assert len(statements) <= MAX_STATEMENTS, statements
    with big.database():
        found = queue_page(QueueFilters(status="all", query="mueller")).offers
        assert {offer.person.last_name for offer in found} == {"Müller"}
        assert shown(first) == [offer.public_id for offer in found]
    second, statements = big.get(link(first, "next"))
    assert len(statements) <= MAX_STATEMENTS
    assert shown(second) and not set(shown(first)) & set(shown(second))


def test_a_search_by_reference(big):
    with big.database():
        offer = db.session.scalar(sa.select(Offer).where(Offer.status == OfferStatus.VERIFIED).limit(1))
        page = queue_page(QueueFilters(status="all", query=offer.reference))
        assert [found.id for found in page.offers] == [offer.id]


@pytest.mark.parametrize("name", ["default (new)", "language", "newest first"])
def test_page_two_continues_page_one(big, name):
    args, filters = FILTERS[name]
    first_html, _ = big.get(URL, **args)
    second_html, statements = big.get(link(first_html, "next"))
    assert len(statements) <= MAX_STATEMENTS
    order = (Offer.created_at.desc(), Offer.id.desc()) if filters.newest_first else (Offer.created_at, Offer.id)
    with big.database():
        expected = db.session.scalars(
            sa.select(Offer.public_id)
            .join(Offer.person)
            .where(*q.conditions(filters))
            .order_by(*order)
            .limit(2 * q.PAGE_SIZE)
        ).all()
    assert shown(first_html) + shown(second_html) == expected
    back_html, _ = big.get(link(second_html, "prev"))
    assert shown(back_html) == shown(first_html) and 'rel="prev"' not in back_html


def test_the_count_is_exact_below_the_cap_and_capped_above(big):
    html, _ = big.get(URL, status="all")
    assert "Mehr als 1.000 Angebote" in html
    narrow = QueueFilters(kind=OfferKind.PREMISES, borough="Nord")
    with big.database():
        exact = db.session.scalar(
            sa.select(sa.func.count()).select_from(Offer).join(Offer.person).where(*q.conditions(narrow))
        )
        assert 0 < exact < q.COUNT_CAP
        assert queue_page(narrow).total == exact
