"""Verify, hold, withdraw, reopen, edit, note and forward: services, pages and their audit events."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.accounts.models import Role
from app.core.audit import history
from app.extensions import db
from app.offers.models import OfferForwarding, OfferKind, OfferNote, OfferStatus
from app.outbox.models import OutboxMessage
from app.outbox.services import deliver_due
from app.screening import services
from tests.conftest import csrf_token_from
from tests.factories import make_offer, make_person


def url(offer, path: str = "") -> str:
    return f"/intern/angebote/{offer.public_id}" + (f"/{path}" if path else "")


def post(client, offer, path: str, **data):
    token = csrf_token_from(client.get(url(offer)).get_data(as_text=True))
    return client.post(url(offer, path), data={"csrf_token": token, **data})


def last_event(offer):
    db.session.expire_all()
    event = history(offer)[0]
    return event.action, event.changes, event.actor_id


@pytest.mark.parametrize(
    ("start", "action", "end"),
    [
        (OfferStatus.NEW, "verify", OfferStatus.VERIFIED),
        (OfferStatus.ON_HOLD, "verify", OfferStatus.VERIFIED),
        (OfferStatus.NEW, "hold", OfferStatus.ON_HOLD),
        (OfferStatus.VERIFIED, "withdraw", OfferStatus.WITHDRAWN),
        (OfferStatus.WITHDRAWN, "reopen", OfferStatus.NEW),
        (OfferStatus.CLOSED, "reopen", OfferStatus.NEW),
    ],
)
def test_status_changes_are_recorded(app, start, action, end):
    offer = make_offer(make_person(), status=start)
    db.session.commit()
    assert services.change_status(offer, action) is end
    db.session.commit()
    assert last_event(offer)[:2] == ("updated", {"status": [start.value, end.value]})


@pytest.mark.parametrize(
    ("start", "action"),
    [
        (OfferStatus.VERIFIED, "verify"),
        (OfferStatus.UNCONFIRMED, "verify"),
        (OfferStatus.UNCONFIRMED, "withdraw"),
        (OfferStatus.WITHDRAWN, "hold"),
        (OfferStatus.NEW, "reopen"),
        (OfferStatus.NEW, "delete"),
    ],
)
def test_invalid_status_changes_are_refused(app, start, action):
    offer = make_offer(make_person(), status=start)
    with pytest.raises(services.ScreeningError):
        services.change_status(offer, action)
    assert offer.status is start


def test_a_coordinator_verifies_through_the_page(app, client, login, housing):
    coordinator = login(Role.COORDINATOR)
    response = post(client, housing, "status", action="verify")
    assert response.status_code == 303
    assert client.get(response.headers["Location"]).get_data(as_text=True).count("Neuer Status: Geprüft") == 1
    assert last_event(housing) == ("updated", {"status": ["new", "verified"]}, coordinator.id)


def test_an_impossible_change_is_refused_with_a_message(app, client, login, housing):
    login(Role.COORDINATOR)
    response = post(client, housing, "status", action="reopen")
    assert response.status_code == 409
    assert "Das geht bei einem Angebot in diesem Status nicht." in response.get_data(as_text=True)
    db.session.expire_all()
    assert housing.status is OfferStatus.NEW
    assert post(client, housing, "status", action="explode").status_code == 400


@pytest.mark.parametrize("action", ["status", "weiterleiten"])
def test_hotline_may_neither_decide_nor_forward(app, client, login, housing, action):
    login(Role.HOTLINE)
    response = post(client, housing, action, action="verify", department="housing")
    assert response.status_code == 403
    db.session.expire_all()
    assert housing.status is OfferStatus.NEW and not housing.forwardings


def test_a_note_is_kept_with_its_author_and_in_the_trail(app, client, login, housing):
    hotline = login(Role.HOTLINE)
    response = post(client, housing, "notizen", text="Hat am Telefon nach dem Mietvertrag gefragt.")
    assert response.status_code == 303
    note = db.session.scalar(sa.select(OfferNote))
    assert (note.text, note.author_id) == ("Hat am Telefon nach dem Mietvertrag gefragt.", hotline.id)
    assert last_event(housing) == ("note_added", {"text": note.text}, hotline.id)


def test_an_empty_note_is_refused(app, client, login, housing):
    login(Role.COORDINATOR)
    response = post(client, housing, "notizen", text="  ")
    assert response.status_code == 422
    assert "Bitte schreiben Sie eine Notiz." in response.get_data(as_text=True)


def edit_form(**changes) -> dict:
    data = {
        "housing-housing_type": "flat",
        "housing-district": "Südstadt",
        "housing-postcode": "",
        "housing-street": "Neue Straße 5",
        "housing-town": "",
        "housing-size_m2": "60",
        "housing-rooms": "3",
        "housing-persons": "4",
        "housing-warm_rent": "750",
        "housing-available_from": "2027-01-01",
        "housing-available_until": "",
        "housing-furnished": "y",
        "housing-description": "Mit Balkon.",
    }
    return {**data, **changes}


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.HOTLINE])
def test_staff_edit_details_place_and_period(app, client, login, housing, role):
    user = login(role)
    form = client.get(url(housing, "bearbeiten")).get_data(as_text=True)
    assert 'value="Musterweg 1"' in form and 'value="690"' in form  # filled from the offer
    response = post(client, housing, "bearbeiten", **edit_form())
    assert response.status_code == 303
    db.session.expire_all()
    assert (housing.district, housing.borough, housing.street) == ("Südstadt", "Südstadt-Bult", "Neue Straße 5")
    assert (housing.quantity, housing.description, str(housing.available_from)) == (4, "Mit Balkon.", "2027-01-01")
    assert housing.details["rooms"] == 3 and housing.details["step_free"] is False
    action, changes, actor = last_event(housing)
    assert action == "updated" and actor == user.id
    assert changes["district"] == ["List", "Südstadt"] and changes["description"] == [
        "Ruhige Wohnung im Hinterhaus.",
        "Mit Balkon.",
    ]


def test_an_invalid_edit_is_shown_again_with_what_was_typed(app, client, login, housing):
    login(Role.COORDINATOR)
    response = post(client, housing, "bearbeiten", **edit_form(**{"housing-available_until": "2026-01-01"}))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Das Ende darf nicht vor dem Beginn liegen." in html and 'value="Neue Straße 5"' in html
    db.session.expire_all()
    assert housing.street == "Musterweg 1"


def test_editing_an_offer_without_its_own_period_uses_the_general_fields(app, client, login):
    login(Role.HOTLINE)
    offer = make_offer(make_person(), kind=OfferKind.OTHER, description="Fahrdienst")
    db.session.commit()
    data = {"other-description": "Fahrdienst zum Arzt", "quantity": "2", "available_from": "2026-12-01"}
    assert post(client, offer, "bearbeiten", **data).status_code == 303
    db.session.expire_all()
    assert (offer.description, offer.quantity, str(offer.available_from)) == ("Fahrdienst zum Arzt", 2, "2026-12-01")


def test_interpreting_languages_can_be_edited(app, client, login):
    login(Role.COORDINATOR)
    offer = make_offer(make_person(), details={"languages": [{"code": "ar", "level": "good"}], "settings": []})
    db.session.commit()
    form = client.get(url(offer, "bearbeiten")).get_data(as_text=True)
    assert '<option selected value="ar">' in form
    data = {"interpreting-languages-0-language": "fa", "interpreting-languages-0-level": "native"}
    assert post(client, offer, "bearbeiten", **data).status_code == 303
    db.session.expire_all()
    assert offer.details["languages"] == [{"code": "fa", "level": "native"}]


def test_forwarding_records_it_and_mails_the_department(app, client, login, housing, smtp_server):
    coordinator = login(Role.COORDINATOR)
    response = post(client, housing, "weiterleiten", department="housing")
    assert response.status_code == 303
    forwarding = db.session.scalar(sa.select(OfferForwarding))
    assert (forwarding.department_key, forwarding.department_email, forwarding.actor_id) == (
        "housing",
        "unterbringung@hannover-stadt.de",
        coordinator.id,
    )
    assert last_event(housing)[0] == "forwarded"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Fachbereich Soziales – Unterbringung" in page
    report = deliver_due()
    assert report.sent == 1, db.session.scalar(sa.select(OutboxMessage.last_error))
    [mail] = smtp_server.messages
    assert mail["To"] == "unterbringung@hannover-stadt.de"
    assert housing.reference in mail["Subject"]
    text = mail.get_body(preferencelist=("plain",)).get_content()
    for expected in ("Anna Müller", "0511 1234567", "anna.müller@example.org", "Wohnung", "Musterweg 1", "Warmmiete"):
        assert expected in text, expected


def test_only_housing_and_premises_are_forwarded(app, client, login):
    login(Role.COORDINATOR)
    offer = make_person().offers[0]  # language support
    db.session.commit()
    response = post(client, offer, "weiterleiten", department="housing")
    assert response.status_code == 409
    assert "keine Stelle der Stadt zuständig" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0


def test_a_department_for_another_kind_is_refused(app, client, login, housing):
    login(Role.COORDINATOR)
    response = post(client, housing, "weiterleiten", department="premises")
    assert response.status_code == 422
    assert not db.session.scalars(sa.select(OfferForwarding)).all()
