"""Password reset and change: one answer for every address, links that work once and expire."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa
from itsdangerous import TimestampSigner

from app.accounts.models import Role
from app.accounts.services import RESET, account_token
from app.extensions import db
from app.outbox.models import OutboxMessage
from tests.accounts.helpers import NEW_PASSWORD, PASSWORD, attempt_login, link_path, post_form
from tests.factories import log_in, make_user

SAME_ANSWER = "Wenn es ein Konto mit dieser Adresse gibt"


def outbox() -> list[OutboxMessage]:
    return db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()


def reset_path(user) -> str:
    return f"/passwort-neu/{account_token(RESET, user)}"


def choose(client, path: str, password: str = NEW_PASSWORD, repeat: str | None = None):
    return post_form(client, path, {"password": password, "password_repeat": repeat or password})


@pytest.fixture
def hotline(app):
    user = make_user(Role.HOTLINE, locale="en")
    db.session.commit()
    return user


def test_known_and_unknown_addresses_get_the_same_answer(client, hotline):
    known = post_form(
        client, "/passwort-vergessen", {"email": "HOTLINE@example.org"}, environ_base={"REMOTE_ADDR": "192.0.2.1"}
    )
    unknown = post_form(
        client, "/passwort-vergessen", {"email": "niemand@example.org"}, environ_base={"REMOTE_ADDR": "192.0.2.2"}
    )
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"] == "/anmelden"
    assert SAME_ANSWER in client.get("/anmelden").get_data(as_text=True)
    [mail] = outbox()
    assert (mail.recipient, mail.template, mail.locale) == ("hotline@example.org", "account_password_reset", "en")
    assert "/passwort-neu/" in mail.context["reset_url"]


def test_deactivated_accounts_get_no_mail(client):
    make_user(Role.HOTLINE, is_active=False)
    db.session.commit()
    assert post_form(client, "/passwort-vergessen", {"email": "hotline@example.org"}).status_code == 302
    assert outbox() == []


def test_reset_requests_are_limited_per_address(app, hotline):
    app.config["PASSWORD_RESET_LIMIT"] = "2 per hour"
    statuses = [
        post_form(
            app.test_client(),
            "/passwort-vergessen",
            {"email": "hotline@example.org"},
            environ_base={"REMOTE_ADDR": f"192.0.2.{n}"},
        ).status_code
        for n in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert len(outbox()) == 2


def test_reset_sets_the_password_logs_in_and_ends_other_sessions(app, client, hotline):
    elsewhere = app.test_client()
    log_in(elsewhere, hotline)
    response = choose(client, reset_path(hotline))
    assert response.status_code == 302 and response.headers["Location"] == "/intern"
    assert client.get("/intern").status_code == 200
    assert elsewhere.get("/intern").status_code == 302
    assert attempt_login(app.test_client(), "hotline@example.org", NEW_PASSWORD).status_code == 302
    assert attempt_login(app.test_client(), "hotline@example.org", PASSWORD).status_code == 422


def test_a_reset_link_works_once(client, hotline):
    path = reset_path(hotline)
    assert choose(client, path).status_code == 302
    again = client.get(path)
    assert again.status_code == 410
    # Setting the password logged the user in, so the page speaks their language (English).
    assert "already been used" in again.get_data(as_text=True)
    data = {"password": "noch ein ganz neues", "password_repeat": "noch ein ganz neues"}
    assert post_form(client, path, data, page="/passwort-vergessen").status_code == 410


def test_an_expired_reset_link_is_gone(client, hotline, monkeypatch):
    # A token signed 61 minutes ago: itsdangerous takes the signing time from get_timestamp.
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time()) - 61 * 60)
    path = reset_path(hotline)
    monkeypatch.undo()
    response = client.get(path)
    assert response.status_code == 410
    assert "abgelaufen" in response.get_data(as_text=True)


def test_a_tampered_link_is_invalid(client, hotline):
    path = reset_path(hotline)
    tampered = path[:-3] + ("aaa" if not path.endswith("aaa") else "bbb")
    response = client.get(tampered)
    assert response.status_code == 404 and "ungültig" in response.get_data(as_text=True)
    assert post_form(client, tampered, {"password": NEW_PASSWORD}, page="/passwort-vergessen").status_code == 404


def test_a_reset_link_is_no_invitation(client, hotline):
    assert client.get(f"/konto/einladung/{account_token(RESET, hotline)}").status_code == 404


def test_a_weak_new_password_is_refused_and_the_link_stays_valid(client, hotline):
    path = reset_path(hotline)
    response = choose(client, path, "hotline-passwort")
    assert response.status_code == 422
    assert "Namen noch Ihre E-Mail-Adresse" in response.get_data(as_text=True)
    assert choose(client, path, NEW_PASSWORD, "anders").status_code == 422
    assert choose(client, path).status_code == 302


def test_change_password_needs_the_current_one(app, client, hotline):
    log_in(client, hotline)
    elsewhere = app.test_client()
    log_in(elsewhere, hotline)
    data = {"current_password": "falsch", "password": NEW_PASSWORD, "password_repeat": NEW_PASSWORD}
    wrong = post_form(client, "/intern/passwort", data)
    # The account reads English (see the fixture).
    assert wrong.status_code == 422 and "current password is incorrect" in wrong.get_data(as_text=True)
    right = post_form(client, "/intern/passwort", {**data, "current_password": PASSWORD})
    assert right.status_code == 302
    assert client.get("/intern").status_code == 200  # this session goes on
    assert elsewhere.get("/intern").status_code == 302  # the others end


def test_change_password_needs_a_login(client):
    response = client.get("/intern/passwort")
    assert response.status_code == 302 and "/anmelden" in response.headers["Location"]


def test_reset_mail_reaches_the_server_in_the_users_language(app, client, hotline, smtp_server):
    from app.outbox.services import deliver_due

    post_form(client, "/passwort-vergessen", {"email": "hotline@example.org"})
    assert deliver_due().sent == 1
    [message] = smtp_server.messages
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert choose(app.test_client(), link_path(text, "/passwort-neu/")).status_code == 302
