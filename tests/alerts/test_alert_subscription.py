"""Unsubscribe (also RFC 8058 one-click from a mail client) and subscribe links: once, by POST, purpose-bound."""

from __future__ import annotations

import pytest

from app.alerts import services
from app.extensions import db
from app.people.models import Person
from tests.alerts.alert_factories import alerted_people, go_public, interpreting_need, volunteer
from tests.conftest import csrf_token_from
from tests.factories import make_organisation

ONE_CLICK = {"List-Unsubscribe": "One-Click"}


@pytest.fixture
def person(app) -> Person:
    person = volunteer("Amal").person
    db.session.commit()
    return person


@pytest.fixture
def organisation_need(app):
    return lambda: interpreting_need(make_organisation())


def alerts_enabled(person: Person) -> bool:
    db.session.expire_all()
    return db.session.get(Person, person.id).alerts_enabled


def unsubscribe_url(person: Person) -> str:
    return f"/hinweise/abmelden/{services.unsubscribe_token(person)}"


def subscribe_url(person: Person) -> str:
    return f"/hinweise/anmelden/{services.subscribe_token(person)}"


def test_the_unsubscribe_page_asks_first(client, person):
    page = client.get(unsubscribe_url(person))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Keine Hinweise mehr schicken" in html and 'method="post"' in html
    assert alerts_enabled(person)


def test_one_click_unsubscribe_from_a_mail_client_works_once(app, person, organisation_need):
    assert app.config.get("WTF_CSRF_ENABLED", True)  # CSRF is checked in this suite
    mail_client = app.test_client(use_cookies=False)
    response = mail_client.post(unsubscribe_url(person), data=ONE_CLICK)
    assert response.status_code == 200
    assert "Sie bekommen keine Hinweise mehr" in response.get_data(as_text=True)
    assert not alerts_enabled(person)
    assert db.session.get(Person, person.id).alerts_changed_at is not None

    again = mail_client.post(unsubscribe_url(person), data=ONE_CLICK)
    assert again.status_code == 200
    assert "Sie haben die Hinweise bereits abbestellt" in again.get_data(as_text=True)
    page = mail_client.get(unsubscribe_url(person))
    assert "Sie haben die Hinweise bereits abbestellt" in page.get_data(as_text=True)

    # Not chosen for the next need any more.
    need = organisation_need()
    go_public(need)
    assert person.id not in alerted_people(need)


def test_the_button_on_the_page_unsubscribes_too(client, person):
    client.get(unsubscribe_url(person))
    assert client.post(unsubscribe_url(person)).status_code == 200
    assert not alerts_enabled(person)


def test_bad_unsubscribe_tokens_are_rejected(client, person):
    token = services.unsubscribe_token(person)
    for bad in (token[:-2] + ("xx" if not token.endswith("xx") else "yy"), services.subscribe_token(person), "x"):
        url = f"/hinweise/abmelden/{bad}"
        for response in (client.get(url), client.post(url, data=ONE_CLICK)):
            assert response.status_code == 404
            assert "Dieser Link ist ungültig" in response.get_data(as_text=True)
    assert alerts_enabled(person)


def test_subscribe_switches_alerts_on_once(client, app):
    person = volunteer("Badr", alerts=False).person
    db.session.commit()
    page = client.get(subscribe_url(person))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Hinweise bestellen" in html and "höchstens 3 E-Mails pro Woche" in html
    assert not alerts_enabled(person)  # opening the link changes nothing

    response = client.post(subscribe_url(person), data={"csrf_token": csrf_token_from(html)})
    assert "Vielen Dank – Sie bekommen jetzt Hinweise" in response.get_data(as_text=True)
    assert alerts_enabled(person)

    again = client.get(subscribe_url(person))
    assert "Sie haben die Hinweise bereits bestellt" in again.get_data(as_text=True)
    need = interpreting_need(make_organisation())
    go_public(need)
    assert person.id in alerted_people(need)


def test_subscribe_needs_the_forms_token(app, person):
    db.session.get(Person, person.id).alerts_enabled = False
    db.session.commit()
    assert app.test_client().post(subscribe_url(person)).status_code == 400
    assert not alerts_enabled(person)


def test_an_unsubscribe_token_does_not_subscribe(client, person):
    services.set_alerts(db.session.get(Person, person.id), False)
    db.session.commit()
    token = services.unsubscribe_token(person)
    page = client.get(f"/hinweise/anmelden/{token}")
    assert page.status_code == 404
    csrf = csrf_token_from(client.get("/helfen/angebot").get_data(as_text=True))
    assert client.post(f"/hinweise/anmelden/{token}", data={"csrf_token": csrf}).status_code == 404
    assert not alerts_enabled(person)
