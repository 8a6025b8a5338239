"""The public offer form: one person, several offers, stored once, mail queued."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.offers.models import Offer, OfferKind, OfferStatus
from app.outbox.models import OutboxMessage
from app.people.availability import decode
from app.people.models import Channel, Person
from tests.offers.payloads import KIND_PAYLOADS, MISSING_REQUIRED, offer_form


def test_form_page_lists_every_kind(client):
    html = client.get("/helfen/angebot").get_data(as_text=True)
    for kind in OfferKind:
        assert f'value="{kind.value}"' in html
    assert 'name="csrf_token"' in html


def test_kinds_can_be_preselected_from_the_start_page(client):
    html = client.get("/helfen/angebot?art=housing&art=bogus").get_data(as_text=True)
    assert (
        'value="housing" checked' in html
        or 'checked value="housing"' in html
        or (
            'id="kinds-4"' in html
            and "checked" in html.split('id="kinds-4"')[0][-200:] + html.split('id="kinds-4"')[1][:200]
        )
    )


@pytest.mark.parametrize("kind", list(KIND_PAYLOADS))
def test_each_kind_is_stored_unconfirmed_with_its_details(submit, counts, kind):
    response = submit(offer_form(kind))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert response.headers["Location"].endswith("/helfen/danke")
    assert counts() == (1, 1, 1)
    offer = db.session.scalar(sa.select(Offer))
    assert offer.kind == OfferKind(kind)
    assert offer.status is OfferStatus.UNCONFIRMED
    assert offer.source is Channel.WEB
    assert offer.person.confirmed_at is None


def test_one_person_with_several_offers(submit, counts):
    response = submit(offer_form("interpreting", "housing", "donation"))
    assert response.status_code == 302
    assert counts() == (1, 3, 1)
    person = db.session.scalar(sa.select(Person))
    assert sorted(o.kind.value for o in person.offers) == ["donation", "housing", "interpreting"]
    assert person.language_codes == ["ar", "en", "kmr"]  # "Kurmancî" typed as another language is read as kmr
    assert person.email_normalised == "amira.haddad@example.org"
    assert person.phone_e164 == "+495111234567"
    assert decode(person.availability) == ["mon_morning", "wed_evening"]
    assert person.travel_radius_km == 5
    assert person.district == "Linden-Nord" and person.lat and person.lon
    assert person.consent_version and person.consent_channel is Channel.WEB


def test_kind_specific_details_and_free_texts_are_kept_verbatim(submit):
    submit(offer_form("interpreting", "housing", "donation", skills="  <b>Tischler</b> & mehr  "))
    person = db.session.scalar(sa.select(Person))
    by_kind = {offer.kind: offer for offer in person.offers}
    assert by_kind[OfferKind.INTERPRETING].details["languages"] == [{"code": "ar", "level": "native"}]
    assert by_kind[OfferKind.INTERPRETING].details["settings"] == ["doctors"]
    housing = by_kind[OfferKind.HOUSING]
    assert housing.district == "List" and housing.lat is not None
    assert housing.quantity == 2 and housing.details["furnished"] is True
    assert housing.available_from.isoformat() == "2026-12-01"
    donation = by_kind[OfferKind.DONATION]
    assert donation.description == "3 Winterjacken Größe M" and donation.quantity == 3
    assert person.skills == "<b>Tischler</b> & mehr"


def test_unchosen_kinds_are_not_validated_or_stored(submit, counts):
    data = offer_form("other", **{"housing-persons": "not a number"})
    assert submit(data).status_code == 302
    assert counts() == (1, 1, 1)


def test_postcode_outside_the_city_is_accepted(submit):
    assert submit(offer_form("other", district="", postcode="31134")).status_code == 302
    person = db.session.scalar(sa.select(Person))
    assert person.district is None and person.town == "Hildesheim" and person.lat is not None


def test_thank_you_page_shows_references_and_next_steps(submit, client):
    submit(offer_form("interpreting", "donation"))
    html = client.get("/helfen/danke").get_data(as_text=True)
    offers = db.session.scalars(sa.select(Offer).order_by(Offer.id)).all()
    for offer in offers:
        assert offer.reference in html
    assert "Wie geht es weiter?" in html


def test_thank_you_page_without_submission_goes_back_to_form(client):
    response = client.get("/helfen/danke")
    assert response.status_code == 302 and response.headers["Location"].endswith("/helfen/angebot")


def test_opt_in_mail_is_queued_in_the_same_transaction(submit):
    submit(offer_form("other"))
    message = db.session.scalar(sa.select(OutboxMessage))
    person = db.session.scalar(sa.select(Person))
    assert message.recipient == "amira.haddad@example.org"
    assert message.person_id == person.id
    assert message.template == "offer_opt_in" and message.locale == "de"
    assert message.body_text is None  # rendered on delivery
    assert "/helfen/bestaetigen/" in message.context["confirm_url"]
    assert person.public_id not in message.context["confirm_url"]  # only the signed token travels
    assert [offer["reference"] for offer in message.context["offers"]] == [person.offers[0].reference]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-address", "gültige E-Mail-Adresse"),
        ("email", "", "Bitte geben Sie Ihre E-Mail-Adresse an"),
        ("phone", "12", "gültige Telefonnummer"),
        ("postcode", "3045", "fünf Ziffern"),
        ("postcode", "00000", "Diese Postleitzahl kennen wir nicht"),
        ("first_name", "", "Bitte geben Sie Ihren Vornamen an"),
        # Only spaces is no name (once slipped through and failed in the database).
        ("first_name", "   ", "Bitte geben Sie Ihren Vornamen an"),
        ("first_name", "A" * 101, "Höchstens 100 Zeichen"),
        ("skills", "x" * 2001, "höchstens 2000 Zeichen"),
        ("consent", None, "Ohne Ihre Einwilligung"),
        ("kinds", None, "mindestens eine Art der Hilfe"),
        ("available_until", "2026-01-01", "Das Ende darf nicht vor dem Beginn liegen"),
    ],
)
def test_bad_input_is_explained_and_everything_typed_is_kept(submit, counts, field, value, message):
    overrides = {field: value}
    if field == "available_until":
        overrides["available_from"] = "2026-02-01"
    if field == "postcode":
        overrides["district"] = ""
    response = submit(offer_form("other", **overrides))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html
    assert 'id="error-summary"' in html
    assert 'aria-invalid="true"' in html or "kern-fieldset--error" in html
    assert 'value="Haddad"' in html and "Fahrradreparatur im Hinterhof" in html
    assert counts() == (0, 0, 0)


def test_location_needs_a_district_or_a_postcode(submit, counts):
    response = submit(offer_form("other", district="", postcode=""))
    assert response.status_code == 422
    assert "Bitte wählen Sie Ihren Stadtteil oder geben Sie Ihre Postleitzahl an" in response.get_data(as_text=True)
    assert counts() == (0, 0, 0)


def test_each_missing_place_says_whose_place_it_is(submit):
    data = offer_form("housing", "premises", district="", postcode="")
    data.update({"housing-district": "", "premises-postcode": ""})
    html = submit(data).get_data(as_text=True)
    assert "Wo liegt der Wohnraum?" in html
    assert "Wo liegt die Fläche?" in html
    assert "Bitte wählen Sie Ihren Stadtteil" in html


@pytest.mark.parametrize("kind", list(MISSING_REQUIRED))
def test_each_kind_reports_its_missing_required_answer(submit, counts, kind):
    field, message = MISSING_REQUIRED[kind]
    response = submit(offer_form(kind, **{field: None}))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert counts() == (0, 0, 0)


def test_errors_are_linked_to_their_fields(submit):
    html = submit(offer_form("other", email="nope")).get_data(as_text=True)
    assert 'href="#email"' in html
    assert 'aria-describedby="email-hint email-error"' in html


def test_markup_is_shown_escaped(submit):
    html = submit(offer_form("other", first_name="<script>alert(1)</script>", email="x")).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_honeypot_submission_is_not_stored(submit, counts):
    response = submit(offer_form("other", website="http://spam.example"))
    assert response.status_code == 422
    assert counts() == (0, 0, 0)


def test_missing_csrf_token_is_rejected_but_keeps_the_input(submit, counts):
    response = submit(offer_form("other"), with_token=False)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Die Seite war zu lange geöffnet" in html
    assert 'value="Haddad"' in html
    assert counts() == (0, 0, 0)


def test_forged_csrf_token_is_rejected(submit, counts):
    response = submit(offer_form("other", csrf_token="forged"), with_token=False)
    assert response.status_code == 422
    assert counts() == (0, 0, 0)


def test_english_form_submits_in_english(submit):
    response = submit(offer_form("other", email="bad"), lang="en")
    assert response.status_code == 422
    person_count = db.session.scalar(sa.select(sa.func.count()).select_from(Person))
    assert person_count == 0
