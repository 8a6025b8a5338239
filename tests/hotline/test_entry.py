"""Taking an offer on the phone: one screen, consent on the phone, a known caller attached."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app.accounts.models import Role
from app.extensions import db
from app.offers.models import Offer, OfferKind, OfferNote, OfferStatus
from app.people.models import Channel, Person
from tests.conftest import count
from tests.factories import log_in, make_person, make_user
from tests.offers.payloads import offer_form

URL = "/intern/hotline"


def phone_form(*kinds: str, **overrides) -> dict:
    """What hotline staff type: the offer form without a mail address, plus note and locale."""
    data = offer_form(*kinds, email=None, locale="en", note="Ruft abends besser an", consent="y")
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def staff(client, app):
    user = make_user(Role.HOTLINE, display_name="Hanna Hotline")
    db.session.commit()
    log_in(client, user)
    return user


@pytest.fixture
def post(client, csrf_token):
    def send(data: dict, **kwargs):
        return client.post(URL, data={**data, "csrf_token": csrf_token(URL)}, **kwargs)

    return send


def test_the_screen_opens_with_the_first_field_focused(client, staff):
    page = client.get(URL).get_data(as_text=True)
    assert "autofocus" in re.search(r'<input[^>]*id="first_name"[^>]*>', page).group(0)
    assert "Einwilligung am Telefon eingeholt" in page
    assert 'aria-live="polite"' in page
    assert "hotline.js" in page


def test_a_phone_offer_is_stored_confirmed_with_phone_consent_and_the_references_are_shown(client, staff, post):
    response = post(phone_form("interpreting", "donation"))
    assert response.status_code == 303
    person = db.session.scalar(sa.select(Person))
    assert (person.first_name, person.email, person.locale) == ("Amira", None, "en")
    assert person.consent_channel is Channel.PHONE
    assert person.consent_version == client.application.config["PRIVACY_NOTICE_VERSION"]
    assert person.confirmed_at is not None
    assert person.phone_e164 == "+495111234567"
    assert [offer.kind for offer in person.offers] == [OfferKind.INTERPRETING, OfferKind.DONATION]
    assert {(offer.source, offer.status) for offer in person.offers} == {(Channel.PHONE, OfferStatus.NEW)}
    notes = db.session.scalars(sa.select(OfferNote)).all()
    assert [(note.text, note.author_id) for note in notes] == [("Ruft abends besser an", staff.id)] * 2
    assert count(Person) == 1

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    for offer in person.offers:
        assert offer.reference in page
    assert 'value="Amira"' not in page  # the empty form for the next caller
    assert client.get(URL).get_data(as_text=True).count(person.offers[0].reference) == 0  # shown once


def test_no_mail_is_queued_for_a_phone_offer(client, staff, post, counts):
    post(phone_form(email="amira@example.org"))
    assert counts() == (1, 1, 0)


def test_invalid_input_comes_back_with_everything_typed(client, staff, post):
    response = post(phone_form("housing", consent=None, **{"housing-housing_type": None}))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Ohne Einwilligung dürfen wir die Angaben nicht speichern" in page
    assert "Zimmer, Wohnung oder Haus" in page
    assert 'value="Amira"' in page and 'value="Haddad"' in page and "Ruft abends besser an" in page
    assert '<option selected value="List">' in page
    assert count(Person) == 0


def test_mail_is_optional_but_must_be_valid_when_given(client, staff, post):
    response = post(phone_form(email="kein-at-zeichen"))
    assert response.status_code == 422
    assert "gültige E-Mail-Adresse" in response.get_data(as_text=True)


def test_a_likely_known_caller_must_be_decided_without_javascript(client, staff, post):
    known = make_person("Anna", "Mueller", phone="+49 511 1234567")
    db.session.commit()
    typed = phone_form(first_name="Anna", last_name="Müller", phone="0511 1234567")

    response = post(typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "vielleicht schon bekannt" in page
    assert f'value="{known.public_id}"' in page and 'value="new"' in page
    assert 'value="Müller"' in page and "Ruft abends besser an" in page  # nothing typed is lost
    assert count(Person) == 1

    assert post({**typed, "attach_to": "new"}).status_code == 303
    assert count(Person) == 2


def test_attaching_adds_the_offers_to_the_known_person_and_fills_only_empty_fields(client, staff, post):
    known = make_person("Anna", "Mueller", phone="+49 511 1234567", email=None, languages=["de"], district="List")
    db.session.commit()
    typed = phone_form(
        "donation",
        first_name="Anna",
        last_name="Müller",
        phone="0511 9999999",
        email="anna@example.org",
        district="Linden-Nord",
        languages=["ar", "de"],
        attach_to=known.public_id,
    )

    response = post(typed)
    assert response.status_code == 303
    db.session.expire_all()
    assert count(Person) == 1
    person = db.session.get(Person, known.id)
    assert [offer.kind for offer in person.offers] == [OfferKind.LANGUAGE_SUPPORT, OfferKind.DONATION]
    assert (person.last_name, person.phone, person.district) == ("Mueller", "+49 511 1234567", "List")
    assert person.email == "anna@example.org"  # was empty
    assert person.language_codes == ["ar", "de", "kmr"]  # "Kurmancî" typed as another language is read as kmr
    assert person.consent_channel is Channel.PHONE
    new_offer = db.session.scalar(sa.select(Offer).where(Offer.kind == OfferKind.DONATION))
    assert (new_offer.source, new_offer.status) == (Channel.PHONE, OfferStatus.NEW)


def test_attaching_needs_no_place_and_confirms_a_caller_still_waiting_for_the_opt_in(app, client, staff, post):
    with app.test_request_context():  # the opt-in mail's link
        waiting = make_person("Anna", "Mueller", channel=Channel.WEB)
    db.session.commit()
    assert waiting.confirmed_at is None
    response = post(phone_form(district=None, postcode=None, attach_to=waiting.public_id))
    assert response.status_code == 303
    db.session.expire_all()
    person = db.session.get(Person, waiting.id)
    assert person.confirmed_at is not None
    assert {offer.status for offer in person.offers} == {OfferStatus.NEW}


def test_a_person_gone_meanwhile_cannot_be_chosen(client, staff, post):
    response = post(phone_form(attach_to="weg-inzwischen-geloescht"))
    assert response.status_code == 422
    assert "gibt es nicht mehr" in response.get_data(as_text=True)


def test_an_expired_page_comes_back_with_everything_typed(client, staff):
    response = client.post(URL, data={**phone_form(), "csrf_token": "abgelaufen"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Die Seite war zu lange geöffnet" in page and 'value="Amira"' in page
    assert count(Person) == 0
