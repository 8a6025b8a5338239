"""Redis goes away: rate limits fall back to each server's memory, and return to Redis when it is back."""

from __future__ import annotations

import uuid

import pytest
import redis

from tests.faults.support import FAULTS_REDIS_URL, wait_until
from tests.offers.payloads import offer_form

LIMIT = 3


@pytest.fixture
def key_prefix() -> str:
    return f"faults-{uuid.uuid4().hex}"


@pytest.fixture
def config_overrides(redis_proxy, key_prefix):
    return {
        "RATELIMIT_STORAGE_URI": redis_proxy.url,
        "RATELIMIT_KEY_PREFIX": key_prefix,
        "SUBMIT_RATE_LIMIT": f"{LIMIT} per minute",
    }


@pytest.fixture
def redis_counts(key_prefix):
    """How many submissions Redis itself has counted (read directly, not through the proxy)."""
    client = redis.Redis.from_url(FAULTS_REDIS_URL)

    def count() -> int:
        return sum(int(client.get(key) or 0) for key in client.scan_iter(f"*{key_prefix}*"))

    yield count
    for key in client.scan_iter(f"*{key_prefix}*"):
        client.delete(key)
    client.close()


def test_limits_hold_in_memory_while_redis_is_away_and_go_back_to_redis(
    submit, client, csrf_token, redis_proxy, redis_counts
):
    assert submit(offer_form("other")).status_code == 302
    assert redis_counts() == 1

    redis_proxy.cut()
    # Served, and still limited: each server counts in its own memory, from zero.
    statuses = [submit(offer_form("other")).status_code for _ in range(LIMIT + 1)]
    assert statuses == [302] * LIMIT + [429]
    # The login throttle (per client, per account) works without Redis too: a wrong password is the form again.
    wrong = {"email": "niemand@example.org", "password": "falsch", "csrf_token": csrf_token("/anmelden")}
    assert client.post("/anmelden", data=wrong).status_code == 422
    assert redis_counts() == 1

    redis_proxy.restore()
    # Flask-Limiter looks at Redis again with back-off (1, 2, 4 … seconds). Until then the memory, already
    # over the limit, answers 429; then Redis, which has counted one submission, lets the next ones through.
    assert wait_until(lambda: submit(offer_form("other")).status_code == 302, timeout=60, step=0.2), (
        "the limiter did not return to Redis"
    )
    assert submit(offer_form("other")).status_code == 302
    assert submit(offer_form("other")).status_code == 429
    assert redis_counts() > LIMIT
