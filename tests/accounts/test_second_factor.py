"""The second factor: setup, the code step of a login, replay and window, throttling, admins, reset, demo."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pyotp
import pytest
import sqlalchemy as sa

from app.accounts import second_factor
from app.accounts.models import Role, User
from app.accounts.services import AccountError
from app.core.audit import history
from app.core.db import utcnow
from app.extensions import db
from tests.accounts.helpers import PASSWORD, attempt_login, post_form
from tests.conftest import csrf_token_from
from tests.factories import make_user

#: A pinned moment, 10 s into its 30-second step, so the steps either side are whole.
NOW = 1_790_000_010.0
STEP = 30
KEY = pyotp.random_base32()
ACCOUNT_LIMIT = 5


@pytest.fixture
def config_overrides():
    return {"SECOND_FACTOR_ROLES": ("admin",), "LOGIN_ACCOUNT_LIMIT": f"{ACCOUNT_LIMIT} per 15 minutes"}


@pytest.fixture
def clock(monkeypatch):
    """The views' clock, pinned; move it with ``clock.now = ...``."""

    class Clock:
        now = NOW

    monkeypatch.setattr(second_factor, "current_time", lambda: Clock.now)
    return Clock


def code(at: float = NOW, key: str = KEY) -> str:
    return pyotp.TOTP(key).at(at)


def with_key(role: Role, **fields) -> User:
    user = make_user(role, totp_secret=KEY, totp_enabled_at=utcnow(), **fields)
    db.session.commit()
    return user


def send_code(client, value: str, ip: str = "192.0.2.1"):
    return post_form(client, "/anmelden/code", {"code": value}, environ_base={"REMOTE_ADDR": ip})


def reload(user: User) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


# Checking codes -------------------------------------------------------------------


def test_codes_of_one_step_either_side_count_and_no_further(app):
    current = pyotp.TOTP(KEY).timecode(datetime.fromtimestamp(NOW, UTC))
    for drift, expected in [(-2, None), (-1, current - 1), (0, current), (1, current + 1), (2, None)]:
        assert second_factor.matching_step(KEY, code(NOW + drift * STEP), NOW) == expected, drift


def test_a_code_works_once_and_an_older_step_after_a_newer_one_not_at_all(app):
    user = with_key(Role.COORDINATOR)
    assert second_factor.verify_code(user, code(), NOW)
    assert not second_factor.verify_code(user, code(), NOW)  # replay
    assert second_factor.verify_code(user, code(NOW + STEP), NOW)
    assert not second_factor.verify_code(user, code(NOW - STEP), NOW)  # before the last one used


def test_the_audit_trail_never_holds_the_key(app, client, clock):
    user = make_user(Role.HOTLINE)
    db.session.commit()
    attempt_login(client, user.email, PASSWORD)
    client.get("/intern/zwei-faktor")
    key = reload(user).totp_secret
    post_form(client, "/intern/zwei-faktor", {"code": code(key=key)})
    events = history(reload(user))
    assert "second_factor_enabled" in [event.action for event in events]
    trail = str([event.changes for event in events])
    assert key not in trail and "totp" not in trail


# Setting it up on one's own page ------------------------------------------------------


def test_setup_shows_qr_code_and_key_and_needs_a_code_before_it_counts(app, client, clock):
    user = make_user(Role.HOTLINE)
    db.session.commit()
    attempt_login(client, user.email, PASSWORD)
    html = client.get("/intern/zwei-faktor").get_data(as_text=True)
    key = reload(user).totp_secret
    assert 'src="data:image/svg+xml' in html
    assert " ".join(key[i : i + 4] for i in range(0, 32, 4)) in html
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html
    assert client.get("/intern/zwei-faktor").get_data(as_text=True).count(key[:4] + " " + key[4:8]) == 1  # same key
    assert not reload(user).has_second_factor

    wrong = post_form(client, "/intern/zwei-faktor", {"code": code(NOW - 5 * STEP, key)})
    assert wrong.status_code == 422 and "Der Code stimmt nicht" in wrong.get_data(as_text=True)
    assert not reload(user).has_second_factor

    done = post_form(client, "/intern/zwei-faktor", {"code": code(key=key)})
    assert done.status_code == 302 and done.headers["Location"] == "/intern"
    assert reload(user).has_second_factor
    assert client.get("/intern").status_code == 200  # this session goes on


def test_the_key_is_issued_by_the_citys_portal(app):
    user = make_user(Role.HOTLINE, totp_secret=KEY)
    uri = second_factor.provisioning_uri(user)
    city = app.extensions["helfernetz.city"].name
    assert uri.startswith("otpauth://totp/")
    assert f"issuer=Helfernetz%20{city}" in uri


def test_enabling_ends_the_other_sessions(app, clock):
    user = make_user(Role.HOTLINE)
    db.session.commit()
    other, this = app.test_client(), app.test_client()
    attempt_login(other, user.email, PASSWORD)
    attempt_login(this, user.email, PASSWORD)
    this.get("/intern/zwei-faktor")
    post_form(this, "/intern/zwei-faktor", {"code": code(key=reload(user).totp_secret)})
    assert this.get("/intern").status_code == 200
    assert other.get("/intern").status_code == 302


def test_switching_off_needs_password_and_a_fresh_code(app, client, clock):
    user = with_key(Role.COORDINATOR)
    attempt_login(client, user.email, PASSWORD)
    send_code(client, code())
    clock.now = NOW + STEP
    url, page = "/intern/zwei-faktor/ausschalten", "/intern/zwei-faktor"
    assert post_form(client, url, {"password": "falsch", "code": code(clock.now)}, page).status_code == 422
    assert post_form(client, url, {"password": PASSWORD, "code": code(NOW)}, page).status_code == 422  # used
    assert reload(user).has_second_factor
    assert post_form(client, url, {"password": PASSWORD, "code": code(clock.now)}, page).status_code == 302
    user = reload(user)
    assert not user.has_second_factor and user.totp_secret is None
    assert "second_factor_disabled" in [event.action for event in history(user)]


# Logging in with a code ----------------------------------------------------------------


def test_password_alone_does_not_log_in_when_a_second_factor_is_set_up(app, client, clock):
    user = with_key(Role.COORDINATOR)
    response = attempt_login(client, user.email, PASSWORD)
    assert response.headers["Location"] == "/anmelden/code"
    assert client.get("/intern").status_code == 302
    with client.session_transaction() as session:
        assert "_user_id" not in session
        assert user.email not in str(dict(session))  # the waiting login holds nothing personal
    page = client.get("/anmelden/code").get_data(as_text=True)
    assert 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page


def test_the_last_login_is_the_completed_one_not_the_password_step(app, client, clock):
    user = with_key(Role.COORDINATOR)
    attempt_login(client, user.email, PASSWORD)
    assert reload(user).last_login_at is None  # a password alone is no login
    send_code(client, code())
    assert reload(user).last_login_at is not None


def test_the_right_code_logs_in_and_goes_where_the_login_was_headed(app, client, clock):
    user = with_key(Role.COORDINATOR)
    post_form(client, "/anmelden?next=/intern/passwort", {"email": user.email, "password": PASSWORD})
    response = send_code(client, code(NOW - STEP))  # the phone's clock is a little behind
    assert response.status_code == 302 and response.headers["Location"] == "/intern/passwort"
    assert client.get("/intern").status_code == 200


def test_a_code_used_once_does_not_log_in_again(app, clock):
    user = with_key(Role.COORDINATOR)
    first, second = app.test_client(), app.test_client()
    attempt_login(first, user.email, PASSWORD)
    attempt_login(second, user.email, PASSWORD)
    assert send_code(first, code()).status_code == 302
    replay = send_code(second, code())
    assert replay.status_code == 422 and "schon verwendet" in replay.get_data(as_text=True)
    assert second.get("/intern").status_code == 302
    assert [e.action for e in history(reload(user))].count("login_code_failed") == 1


def test_codes_outside_the_window_are_refused(app, client, clock):
    user = with_key(Role.COORDINATOR)
    attempt_login(client, user.email, PASSWORD)
    assert send_code(client, code(NOW - 2 * STEP)).status_code == 422
    assert send_code(client, code(NOW + 2 * STEP)).status_code == 422
    assert send_code(client, code(NOW + STEP)).status_code == 302


def test_the_waiting_login_expires(app, client, clock):
    user = with_key(Role.COORDINATOR)
    attempt_login(client, user.email, PASSWORD)
    token = csrf_token_from(client.get("/anmelden/code").get_data(as_text=True))
    clock.now = NOW + app.config["SECOND_FACTOR_PENDING_MINUTES"] * 60 + 1
    response = client.post("/anmelden/code", data={"code": code(clock.now), "csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"] == "/anmelden"
    assert "abgelaufen" in client.get("/anmelden").get_data(as_text=True)
    assert client.get("/intern").status_code == 302


def test_the_code_step_without_a_password_first_goes_back_to_the_login(client):
    assert client.get("/anmelden/code").headers["Location"] == "/anmelden"


def test_wrong_codes_count_with_wrong_passwords_per_account(app, clock):
    user = with_key(Role.COORDINATOR)
    for n in range(ACCOUNT_LIMIT - 2):
        assert attempt_login(app.test_client(), user.email, "falsch", ip=f"198.51.100.{n}").status_code == 422
    client = app.test_client()
    attempt_login(client, user.email, PASSWORD, ip="203.0.113.1")
    assert send_code(client, "000000", ip="203.0.113.1").status_code == 422
    assert send_code(client, "000001", ip="203.0.113.1").status_code == 422
    # Five failures for this account from three clients: the next try is refused, even the right code.
    assert send_code(client, code(), ip="203.0.113.1").status_code == 429
    assert attempt_login(app.test_client(), user.email, PASSWORD, ip="203.0.113.2").status_code == 429


# Admins must have it -------------------------------------------------------------------


def test_an_admin_without_second_factor_sets_it_up_before_any_other_page(app, client, clock):
    admin = make_user(Role.ADMIN)
    db.session.commit()
    assert attempt_login(client, admin.email, PASSWORD).headers["Location"] == "/intern"
    for url in ("/intern", "/intern/konten", "/intern/passwort", "/"):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"] == "/intern/zwei-faktor", url
    assert "vorgeschrieben" in client.get("/intern/zwei-faktor").get_data(as_text=True)
    logout = post_form(client, "/abmelden", {}, page="/intern/zwei-faktor")
    assert logout.status_code == 302 and logout.headers["Location"] == "/"

    attempt_login(client, admin.email, PASSWORD)
    post_form(client, "/intern/zwei-faktor", {"code": code(key=reload(admin).totp_secret)})
    assert client.get("/intern/konten").status_code == 200


def test_an_admin_cannot_switch_it_off(app, client, clock):
    admin = with_key(Role.ADMIN)
    attempt_login(client, admin.email, PASSWORD)
    send_code(client, code())
    assert "nicht ausschalten" in client.get("/intern/zwei-faktor").get_data(as_text=True)
    clock.now = NOW + STEP
    data = {"password": PASSWORD, "code": code(clock.now)}
    post_form(client, "/intern/zwei-faktor/ausschalten", data, "/intern/zwei-faktor")
    assert reload(admin).has_second_factor
    with pytest.raises(AccountError):
        second_factor.disable(reload(admin), PASSWORD, code(NOW + 2 * STEP), NOW + 2 * STEP)


def test_production_refuses_to_run_without_it_for_admins(make_app, database):
    from config import ConfigurationError, ProductionConfig

    settings = {"SECRET_KEY": "x" * 32, "SQLALCHEMY_DATABASE_URI": database, "SECOND_FACTOR_ROLES": ()}
    with pytest.raises(ConfigurationError, match="second factor"):
        make_app(type("Prod", (ProductionConfig,), settings))
    assert make_app(type("Prod", (ProductionConfig,), settings | {"SECOND_FACTOR_ROLES": ("admin",)}))


# An admin resets someone's second factor ---------------------------------------------------


def test_reset_removes_the_key_ends_sessions_and_is_audited(app, clock):
    admin, hotline = with_key(Role.ADMIN), with_key(Role.HOTLINE)
    admin_client, hotline_client = app.test_client(), app.test_client()
    attempt_login(admin_client, admin.email, PASSWORD)
    send_code(admin_client, code())
    attempt_login(hotline_client, hotline.email, PASSWORD)
    send_code(hotline_client, code())
    assert hotline_client.get("/intern").status_code == 200

    url = f"/intern/konten/{hotline.id}/zwei-faktor-zuruecksetzen"
    response = post_form(admin_client, url, {}, page=f"/intern/konten/{hotline.id}")
    assert response.status_code == 302
    hotline = reload(hotline)
    assert hotline.totp_secret is None and not hotline.has_second_factor
    assert hotline_client.get("/intern").status_code == 302  # logged out everywhere
    [event] = [event for event in history(hotline) if event.action == "second_factor_reset"]
    assert event.actor_id == admin.id and KEY not in str(event.changes)
    # The next login takes the password alone (the hotline is not required to have a second factor).
    assert attempt_login(app.test_client(), hotline.email, PASSWORD).headers["Location"] == "/intern"


def test_an_admin_cannot_reset_their_own(app, client, clock):
    admin = with_key(Role.ADMIN)
    attempt_login(client, admin.email, PASSWORD)
    send_code(client, code())
    post_form(client, f"/intern/konten/{admin.id}/zwei-faktor-zuruecksetzen", {}, page=f"/intern/konten/{admin.id}")
    assert reload(admin).has_second_factor


# Demo data -------------------------------------------------------------------------------


def test_the_demo_admin_logs_in_with_the_printed_password_and_key(app, runner, clock):
    from app.demo.data import ADMIN_EMAIL

    loaded = runner.invoke(args=["demo", "load"])
    assert loaded.exit_code == 0, loaded.output
    password = next(line for line in loaded.output.splitlines() if ADMIN_EMAIL in line).split(ADMIN_EMAIL)[1].strip()
    key = re.search(r"Authenticator-App\): ([A-Z2-7 ]+)", loaded.output).group(1).replace(" ", "")
    client = app.test_client()
    assert attempt_login(client, ADMIN_EMAIL, password).headers["Location"] == "/anmelden/code"
    assert send_code(client, code(key=key)).headers["Location"] == "/intern"
    assert client.get("/intern/konten").status_code == 200

    shown = runner.invoke(args=["demo", "code"])
    assert shown.exit_code == 0 and f"{ADMIN_EMAIL}  {code(key=key)}" in shown.output
    assert db.session.scalar(sa.select(sa.func.count()).where(User.totp_secret.is_not(None))) == 1
