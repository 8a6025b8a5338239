"""Sessions end after inactivity and after an absolute lifetime; a login starts a fresh session."""

from __future__ import annotations

import time

import pytest

from app.accounts.models import Role
from app.accounts.sessions import ACTIVE_AT, STARTED_AT
from app.extensions import db
from tests.factories import log_in, make_user


@pytest.fixture
def config_overrides():
    return {"SESSION_IDLE_MINUTES": 30}


@pytest.fixture
def logged_in(app, client):
    log_in(client, make_user(Role.COORDINATOR))
    return client


def age_session(client, key: str, seconds: int) -> None:
    with client.session_transaction() as session:
        session[key] = int(time.time()) - seconds


def test_activity_keeps_the_session_alive(logged_in):
    age_session(logged_in, ACTIVE_AT, 29 * 60)
    assert logged_in.get("/intern").status_code == 200
    with logged_in.session_transaction() as session:
        assert time.time() - session[ACTIVE_AT] < 5


def test_after_the_idle_limit_a_back_office_page_asks_to_log_in_again(logged_in):
    age_session(logged_in, ACTIVE_AT, 31 * 60)
    response = logged_in.get("/intern?x=1")
    assert response.status_code == 302
    assert response.headers["Location"] == "/anmelden?next=/intern?x%3D1"
    html = logged_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "Sie wurden nach 30 Minuten ohne Aktivität abgemeldet." in html
    assert logged_in.get("/intern").status_code == 302  # logged out for good, not just redirected


def test_an_idle_session_on_a_public_page_just_ends(logged_in):
    age_session(logged_in, ACTIVE_AT, 31 * 60)
    assert logged_in.get("/").status_code == 200
    with logged_in.session_transaction() as session:
        assert "_user_id" not in session


def test_the_absolute_lifetime_ends_even_an_active_session(app, logged_in):
    assert app.config["PERMANENT_SESSION_LIFETIME"].total_seconds() == 12 * 3600
    age_session(logged_in, STARTED_AT, 12 * 3600 + 1)
    response = logged_in.get("/intern")
    assert response.status_code == 302
    assert "nach 12 Stunden" in logged_in.get(response.headers["Location"]).get_data(as_text=True)


def test_the_login_cookie_is_permanent(app, client):
    log_in(client, make_user(Role.HOTLINE))
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None and cookie.expires is not None


def test_login_starts_a_fresh_session_but_keeps_the_language(client):
    user = make_user(Role.HOTLINE)
    db.session.commit()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
        session["locale"] = "en"
    log_in(client, user)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["locale"] == "en"
        assert session.permanent
