"""The pages: a person's data export (Art. 15), erasure in one step, the withdrawal link in every mail to a person."""

from __future__ import annotations

import json
import re

import pytest
import sqlalchemy as sa

from app.accounts.models import Role
from app.core.audit import AuditEvent
from app.extensions import db
from app.matching import decisions
from app.offers.models import OfferKind, OfferNote, OfferStatus
from app.outbox.models import OutboxMessage
from app.people.models import Person
from app.privacy.services import ERASED_NAME, withdraw_token
from tests.factories import log_in, make_need, make_offer, make_organisation, make_person, make_user
from tests.offers.payloads import offer_form


@pytest.fixture
def person(app):
    person = make_person("Jolanda", "Brinkmeier", phone="0511 3344556", skills="Töpfern")
    db.session.add(OfferNote(offer=person.offers[0], text="Jolanda ruft zurück"))
    db.session.commit()
    return person


@pytest.fixture
def coordinator(client, app):
    user = make_user(Role.COORDINATOR)
    db.session.commit()
    log_in(client, user)
    return user


def csrf_from(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def test_the_person_page_offers_export_and_erasure_to_coordinators_only(client, person, coordinator):
    page = client.get(f"/intern/personen/{person.public_id}").get_data(as_text=True)
    assert f"/intern/personen/{person.public_id}/auskunft" in page
    assert f"/intern/personen/{person.public_id}/loeschen" in page


def test_hotline_sees_the_person_without_those_actions(client, person):
    hotline = make_user(Role.HOTLINE)
    db.session.commit()
    log_in(client, hotline)
    page = client.get(f"/intern/personen/{person.public_id}").get_data(as_text=True)
    assert "/auskunft" not in page and "/loeschen" not in page
    assert client.get(f"/intern/personen/{person.public_id}/auskunft").status_code == 403


def test_the_json_export_holds_everything_and_is_recorded_without_data(client, person, coordinator):
    response = client.get(f"/intern/personen/{person.public_id}/auskunft?format=json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))
    assert data["person"]["first_name"] == "Jolanda"
    assert data["person"]["phone"] == "0511 3344556"
    assert data["languages"] == ["de"]
    assert data["consent"]["version"] == "test"
    assert data["offers"][0]["notes"][0]["text"] == "Jolanda ruft zurück"
    assert data["offers"][0]["description"] == "Deutsch für Erwachsene"
    assert {event["action"] for event in data["audit_events"]} >= {"created"}
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "data_exported"))
    assert (event.object_id, event.actor_id, event.changes) == (person.id, coordinator.id, {"format": "json"})


def test_the_printable_export_shows_the_same(client, person, coordinator):
    make_need(make_organisation(), title="Töpferkurs in der Unterkunft", kind=OfferKind.OTHER)
    response = client.get(f"/intern/personen/{person.public_id}/auskunft")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Brinkmeier" in page and "0511 3344556" in page and "Jolanda ruft zurück" in page
    assert 'class="kern-body no-print"' in page  # app.css hides these when printing (no inline style: CSP)
    assert db.session.scalar(sa.select(AuditEvent.changes).where(AuditEvent.action == "data_exported")) == {
        "format": "html"
    }


def test_erasure_asks_first_then_erases_in_one_step(client, person, coordinator):
    url = f"/intern/personen/{person.public_id}/loeschen"
    page = client.get(url).get_data(as_text=True)
    assert "Jolanda Brinkmeier" in page and "nicht rückgängig" in page
    db.session.expire_all()
    assert db.session.get(Person, person.id).erased_at is None  # a GET changes nothing

    response = client.post(url, data={"csrf_token": csrf_from(page)})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/intern/personen/{person.public_id}")
    db.session.expire_all()
    erased = db.session.get(Person, person.id)
    assert erased.first_name == ERASED_NAME and erased.erased_at is not None
    assert {offer.status for offer in erased.offers} == {OfferStatus.WITHDRAWN}
    detail = client.get(f"/intern/personen/{person.public_id}").get_data(as_text=True)
    assert "Die Angaben der Person sind gelöscht" in detail
    assert "Jolanda" not in detail
    assert f"/intern/personen/{person.public_id}/loeschen" not in detail


def test_erasure_without_csrf_token_changes_nothing(client, person, coordinator):
    response = client.post(f"/intern/personen/{person.public_id}/loeschen")
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(Person, person.id).erased_at is None


# --- Withdrawing consent by the link in a mail ------------------------------------------------


def test_every_mail_to_the_person_carries_the_withdrawal_link(client, submit, runner, smtp_server):
    submit(offer_form("interpreting"))
    message = db.session.scalar(sa.select(OutboxMessage))
    assert "/einwilligung-widerrufen/" in message.context["withdraw_url"]
    runner.invoke(args=["outbox", "send"])
    sent = smtp_server.messages[0]
    text = sent.get_body(preferencelist=("plain",)).get_content()
    html = sent.get_body(preferencelist=("html",)).get_content()
    assert "Einwilligung widerrufen und Angaben löschen: http" in text
    assert 'href="http://localhost/einwilligung-widerrufen/' in html


def test_the_organisation_told_of_a_match_gets_no_withdrawal_link(app):
    organisation = make_organisation(email="kontakt@unterkunft.example")
    need = make_need(organisation)
    offer = make_offer(make_person("Nils", "Beispiel"), OfferKind.INTERPRETING, status=OfferStatus.VERIFIED)
    with app.test_request_context():
        match = decisions.propose(need, offer, None)
        decisions.approve(match, make_user(Role.COORDINATOR))
    messages = {message.recipient: message for message in db.session.scalars(sa.select(OutboxMessage))}
    assert "withdraw_url" in messages["nils.beispiel@example.org"].context
    assert "withdraw_url" not in messages["kontakt@unterkunft.example"].context


def test_mails_queued_without_a_request_get_the_link_when_rendered_with_a_server_name(app):
    from app.outbox.services import enqueue, render

    person = make_person("Ida", "Beispiel")
    message = enqueue(
        person.email, "offer_opt_in", "de", person_id=person.id, name="Ida", offers=[], confirm_url="x", days=7
    )
    assert "withdraw_url" not in message.context  # no request, no address to build it from
    db.session.commit()
    app.config["SERVER_NAME"] = "helfernetz.example"
    try:
        with app.app_context():  # as ``flask outbox send`` starts: the address known from the start
            message = db.session.get(OutboxMessage, message.id)
            render(message)
            body = message.body_text
    finally:
        app.config["SERVER_NAME"] = None
    assert "http://helfernetz.example/einwilligung-widerrufen/" in body


@pytest.fixture
def withdraw_path(app, person):
    with app.test_request_context():
        return f"/einwilligung-widerrufen/{withdraw_token(person)}"


def test_the_withdrawal_link_shows_a_button_and_changes_nothing_on_get(client, person, withdraw_path):
    page = client.get(withdraw_path)
    assert page.status_code == 200
    assert "Einwilligung widerrufen und Angaben löschen" in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Person, person.id).erased_at is None


def test_withdrawing_erases_the_person_once(client, person, withdraw_path):
    page = client.get(withdraw_path).get_data(as_text=True)
    done = client.post(withdraw_path, data={"csrf_token": csrf_from(page)})
    assert done.status_code == 200
    assert "Sie haben Ihre Einwilligung widerrufen" in done.get_data(as_text=True)
    db.session.expire_all()
    erased = db.session.get(Person, person.id)
    assert erased.erased_at is not None and erased.email is None
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "person_erased"))
    assert event.actor_id is None

    again = client.get(withdraw_path).get_data(as_text=True)
    assert "bereits gelöscht" in again
    assert client.post(withdraw_path, data={"csrf_token": csrf_from(page)}).status_code == 200
    assert db.session.scalar(sa.select(sa.func.count()).where(AuditEvent.action == "person_erased")) == 1


def test_a_tampered_or_foreign_link_is_not_found(client, person, withdraw_path, app):
    assert client.get(withdraw_path[:-3] + "xyz").status_code == 404
    from app.core.tokens import make_token

    with app.test_request_context():
        unsubscribe = make_token("alerts-unsubscribe", person.public_id)
    assert client.get(f"/einwilligung-widerrufen/{unsubscribe}").status_code == 404
