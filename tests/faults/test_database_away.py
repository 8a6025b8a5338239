"""The database goes away under a running server: a friendly 503, then recovery without a restart."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from app.accounts.models import Role
from app.core.errors import MESSAGES
from app.extensions import db
from app.people.models import Person
from tests.conftest import csrf_token_from
from tests.factories import log_in, make_user
from tests.faults.support import Browser
from tests.offers.payloads import offer_form

FORM = "/helfen/angebot"


def unavailable_title(language: str) -> str:
    with force_locale(language):
        return str(MESSAGES[503][0])


@pytest.fixture
def coordinator(app, live_server):
    email = make_user(Role.COORDINATOR).email
    db.session.commit()  # and no transaction left open in this thread for the cut to kill
    browser = Browser(live_server.url)
    response = browser.post_form("/anmelden", {"email": email, "password": "richtig-langes-passwort"})
    assert response.status == 302
    assert browser.get("/intern").status == 200
    return browser


def assert_friendly_503(response, language: str = "de") -> None:
    assert response.status == 503
    assert (response.headers["Retry-After"] or "").isdigit()
    assert f'lang="{language}"' in response.text
    assert unavailable_title(language) in response.text
    assert "Traceback" not in response.text and "OperationalError" not in response.text


def test_pages_answer_a_friendly_503_while_the_database_is_away(live_server, pg_proxy, coordinator):
    visitor = Browser(live_server.url)
    token_page = visitor.get(FORM).text
    pg_proxy.cut()

    assert_friendly_503(visitor.get("/bedarfe"))
    assert_friendly_503(Browser(live_server.url, language="ar").get("/bedarfe"), "ar")
    assert 'dir="rtl"' in Browser(live_server.url, language="ar").get("/bedarfe").text
    # Staff are logged in: loading their account needs the database, the error page must not.
    assert_friendly_503(coordinator.get("/intern"))
    assert_friendly_503(coordinator.get("/intern/angebote"))

    submitted = visitor.request(FORM, {**offer_form("other"), "csrf_token": csrf_token_from(token_page)})
    assert_friendly_503(submitted)
    # Nothing the visitor typed is echoed back.
    assert "Haddad" not in submitted.text and "example.org" not in submitted.text

    health = visitor.get("/healthz")
    assert health.status == 503 and (health.headers["Retry-After"] or "").isdigit()


def test_the_server_recovers_by_itself_when_the_database_returns(app, live_server, pg_proxy, coordinator):
    visitor = Browser(live_server.url)
    pg_proxy.cut()
    assert visitor.get("/healthz").status == 503
    assert visitor.get("/bedarfe").status == 503
    pg_proxy.restore()

    assert visitor.get("/healthz").status == 200
    assert visitor.get("/bedarfe").status == 200
    assert coordinator.get("/intern").status == 200
    assert visitor.post_form(FORM, offer_form("other")).status == 302
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Person)) == 1


def test_a_database_restart_between_requests_costs_at_most_one_request(live_server, pg_proxy, coordinator):
    visitor = Browser(live_server.url)
    assert visitor.get("/bedarfe").status == 200
    # Every pooled connection dies while no request runs, as in a database restart at night.
    pg_proxy.cut()
    pg_proxy.restore()
    statuses = [visitor.get("/bedarfe").status for _ in range(5)]
    # Optimistic disconnect handling (config.py): the first request finds the pool dead, answers
    # the 503 page and invalidates the whole pool; every later one gets a fresh connection.
    assert statuses[0] in (200, 503)
    assert statuses[1:] == [200] * 4, statuses
    assert coordinator.get("/intern").status == 200


def test_the_error_page_itself_needs_no_database(app, client, pg_proxy):
    """Everything the 503 page shows comes from the session, the city's files and the catalogues."""
    user = make_user(Role.HOTLINE)
    db.session.commit()
    log_in(client, user)
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Ihre Notiz wurde gespeichert.")]
    pg_proxy.cut()
    response = client.get("/intern/angebote", headers={"Accept-Language": "en"})
    assert response.status_code == 503 and response.headers["Retry-After"].isdigit()
    page = response.get_data(as_text=True)
    assert "Ihre Notiz wurde gespeichert." in page
    assert app.extensions["helfernetz.city"].office.phone in page
