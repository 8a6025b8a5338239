"""With REDIS_URL the limit is shared by every app server (a real Redis on loopback)."""

from __future__ import annotations

import os
import uuid

import pytest
import redis

from tests.conftest import csrf_token_from
from tests.offers.payloads import offer_form

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_url():
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as exc:
        pytest.fail(f"Redis at {REDIS_URL} is unreachable: {exc}", pytrace=False)
    yield REDIS_URL
    client.close()


def post_form(app) -> int:
    client = app.test_client()
    token = csrf_token_from(client.get("/helfen/angebot").get_data(as_text=True))
    return client.post("/helfen/angebot", data={**offer_form("other"), "csrf_token": token}).status_code


def test_two_app_servers_share_one_limit(app, make_app, redis_url):
    # ``app`` only for its clean-up: the rows these two servers store are removed after the test.
    settings = {
        "RATELIMIT_STORAGE_URI": redis_url,
        "SUBMIT_RATE_LIMIT": "2 per minute",
        # A fresh key space per run, so earlier runs do not count.
        "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}",
    }
    first, second = make_app(**settings), make_app(**settings)
    with first.app_context():
        assert post_form(first) == 302
    with second.app_context():
        assert post_form(second) == 302
        assert post_form(second) == 429
