import pytest

from tests.offers.payloads import offer_form


@pytest.fixture
def config_overrides():
    return {"SUBMIT_RATE_LIMIT": "2 per minute"}


def test_too_many_submissions_are_answered_429(submit, counts):
    assert submit(offer_form("other")).status_code == 302
    assert submit(offer_form("other")).status_code == 302
    response = submit(offer_form("other"))
    assert response.status_code == 429
    assert "Zu viele Anfragen" in response.get_data(as_text=True)
    assert counts()[0] == 2


def test_reading_the_form_is_not_limited(client):
    for _ in range(5):
        assert client.get("/helfen/angebot").status_code == 200
