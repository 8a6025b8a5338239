"""The opt-in link: confirms once; tampered or expired links get a clear page."""

from __future__ import annotations

import re
import time

import itsdangerous
import pytest
import sqlalchemy as sa

from app.core.tokens import make_token
from app.extensions import db
from app.offers.models import OfferStatus
from app.offers.services import OPT_IN_PURPOSE
from app.outbox.models import OutboxMessage
from app.people.models import Person
from tests.offers.payloads import offer_form


@pytest.fixture
def confirm_path(submit):
    submit(offer_form("interpreting", "donation"))
    context = db.session.scalar(sa.select(OutboxMessage.context))
    return re.search(r"https?://[^/\s]+(/helfen/bestaetigen/\S+)", context["confirm_url"]).group(1)


def person() -> Person:
    db.session.expire_all()
    return db.session.scalar(sa.select(Person))


def post_confirm(client, path):
    html = client.get(path).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    return client.post(path, data={"csrf_token": token})


def test_link_shows_a_button_and_changes_nothing_on_get(client, confirm_path):
    # Mail scanners follow links; only the button press confirms.
    response = client.get(confirm_path)
    assert response.status_code == 200
    assert "Jetzt bestätigen" in response.get_data(as_text=True)
    assert person().confirmed_at is None


def test_confirming_moves_offers_into_the_queue(client, confirm_path):
    response = post_confirm(client, confirm_path)
    assert response.status_code == 200
    assert "Ihr Angebot ist bestätigt" in response.get_data(as_text=True)
    confirmed = person()
    assert confirmed.confirmed_at is not None
    assert {offer.status for offer in confirmed.offers} == {OfferStatus.NEW}


def test_link_confirms_only_once(client, confirm_path):
    post_confirm(client, confirm_path)
    first = person().confirmed_at
    again = client.get(confirm_path)
    assert again.status_code == 200
    assert "bereits bestätigt" in again.get_data(as_text=True)
    assert person().confirmed_at == first


def test_confirm_without_csrf_token_is_refused(client, confirm_path):
    assert client.post(confirm_path).status_code == 400
    assert person().confirmed_at is None


def test_tampered_link_gets_a_clear_page(client, confirm_path):
    response = client.get(confirm_path[:-3] + "abc")
    assert response.status_code == 404
    assert "Dieser Link ist ungültig" in response.get_data(as_text=True)
    assert person().confirmed_at is None


def test_link_for_another_purpose_is_refused(app, client, confirm_path):
    with app.test_request_context():
        token = make_token("password-reset", person().public_id)
    assert client.get(f"/helfen/bestaetigen/{token}").status_code == 404


def test_expired_link_gets_a_clear_page(app, client, confirm_path, monkeypatch):
    eight_days_ago = int(time.time()) - 8 * 86400
    monkeypatch.setattr(itsdangerous.TimestampSigner, "get_timestamp", lambda self: eight_days_ago)
    with app.test_request_context():
        token = make_token(OPT_IN_PURPOSE, person().public_id)
    monkeypatch.undo()
    response = client.get(f"/helfen/bestaetigen/{token}")
    assert response.status_code == 410
    assert "Dieser Link ist abgelaufen" in response.get_data(as_text=True)
