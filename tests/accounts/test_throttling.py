"""Login throttling: per client for every attempt, per account for failed attempts from anywhere."""

from __future__ import annotations

import os
import uuid

import pytest
import redis

from app.accounts.models import Role
from app.extensions import db
from tests.accounts.helpers import PASSWORD, attempt_login
from tests.factories import make_user

EMAIL = "hotline@example.org"
ACCOUNT_LIMIT = 5


@pytest.fixture
def config_overrides():
    return {"LOGIN_ACCOUNT_LIMIT": f"{ACCOUNT_LIMIT} per 15 minutes", "LOGIN_CLIENT_LIMIT": "10 per minute"}


@pytest.fixture
def hotline(app):
    user = make_user(Role.HOTLINE)
    db.session.commit()
    return user


def fail_from_many_clients(app, email: str, times: int) -> list[int]:
    """Wrong passwords for ``email``, each from another client address."""
    return [attempt_login(app.test_client(), email, "falsch", ip=f"192.0.2.{n}").status_code for n in range(times)]


def test_sixth_failed_attempt_for_one_account_is_refused_from_any_client(app, hotline):
    assert fail_from_many_clients(app, EMAIL, ACCOUNT_LIMIT) == [422] * ACCOUNT_LIMIT
    refused = attempt_login(app.test_client(), EMAIL, PASSWORD, ip="198.51.100.7")
    assert refused.status_code == 429
    html = refused.get_data(as_text=True)
    assert "Zu viele Versuche" in html and "/passwort-vergessen" in html


def test_the_address_is_normalised_before_counting(app, hotline):
    fail_from_many_clients(app, EMAIL, ACCOUNT_LIMIT - 1)
    assert attempt_login(app.test_client(), " HOTLINE@example.org ", "falsch", ip="198.51.100.1").status_code == 422
    assert attempt_login(app.test_client(), EMAIL, PASSWORD, ip="198.51.100.2").status_code == 429


def test_successful_logins_do_not_count(app, hotline):
    for n in range(ACCOUNT_LIMIT + 2):
        assert attempt_login(app.test_client(), EMAIL, PASSWORD, ip=f"203.0.113.{n}").status_code == 302
    assert fail_from_many_clients(app, EMAIL, ACCOUNT_LIMIT) == [422] * ACCOUNT_LIMIT


def test_other_accounts_are_not_affected(app, hotline):
    make_user(Role.COORDINATOR)
    db.session.commit()
    fail_from_many_clients(app, EMAIL, ACCOUNT_LIMIT)
    assert attempt_login(app.test_client(), "coordinator@example.org", PASSWORD).status_code == 302


def test_unknown_and_known_addresses_are_throttled_alike(app, hotline):
    fail_from_many_clients(app, EMAIL, ACCOUNT_LIMIT)
    fail_from_many_clients(app, "niemand@example.org", ACCOUNT_LIMIT)
    known = attempt_login(app.test_client(), EMAIL, "falsch", ip="198.51.100.9")
    unknown = attempt_login(app.test_client(), "niemand@example.org", "falsch", ip="198.51.100.9")
    assert known.status_code == unknown.status_code == 429
    assert known.get_data(as_text=True) == unknown.get_data(as_text=True)


def test_one_client_is_limited_across_accounts(app, hotline):
    client = app.test_client()
    statuses = [attempt_login(client, f"person{n}@example.org", "falsch").status_code for n in range(11)]
    assert statuses == [422] * 10 + [429]


def test_failed_logins_are_in_the_accounts_trail_without_ip_or_password(app, hotline):
    from app.core.audit import history

    attempt_login(app.test_client(), EMAIL, "geheim-falsch")
    [event] = [event for event in history(hotline) if event.action == "login_failed"]
    assert event.changes == {} and event.actor_id is None


REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def test_redis_keys_hold_no_mail_address(make_app, app, hotline):
    store = redis.Redis.from_url(REDIS_URL)
    try:
        store.ping()
    except redis.exceptions.ConnectionError as exc:
        pytest.fail(f"Redis at {REDIS_URL} is unreachable: {exc}", pytrace=False)
    prefix = f"test-{uuid.uuid4().hex}"
    shared = make_app(RATELIMIT_STORAGE_URI=REDIS_URL, RATELIMIT_KEY_PREFIX=prefix)
    try:
        statuses = fail_from_many_clients(shared, EMAIL, ACCOUNT_LIMIT + 1)
        keys = [key.decode() for key in store.scan_iter(f"*{prefix}*")]
        assert statuses == [422] * ACCOUNT_LIMIT + [429]
        assert any("/account:" in key for key in keys)
        assert not any("hotline" in key or "example.org" in key for key in keys)
    finally:
        for key in store.scan_iter(f"*{prefix}*"):
            store.delete(key)
        store.close()
