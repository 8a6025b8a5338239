"""The offer page: every detail in German, the person's contact, notes, forwardings, matches, trail."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.accounts.models import Role
from app.extensions import db
from app.offers.models import OfferKind
from app.screening.details import offer_facts
from app.screening.services import add_note, forward_offer
from tests.factories import make_match, make_need, make_offer, make_organisation, make_person


def page(client, offer):
    return client.get(f"/intern/angebote/{offer.public_id}")


def test_a_coordinator_sees_every_detail_in_german(app, client, login, housing):
    login(Role.COORDINATOR)
    response = page(client, housing)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for text in (
        housing.reference,
        "Wohnraum",
        "Wohnung",  # housing_type "flat"
        "Für wie viele Personen?",
        "Warmmiete in Euro pro Monat",
        "690",
        "möbliert",
        "Ruhige Wohnung im Hinterhaus.",
        "ab 01.12.2026",
        "Musterweg 1, 30161 Hannover, List / Vahrenwald-List",
        "Anna Müller",
        "anna.müller@example.org",
        "0511 1234567",
        "Deutsch, Ukrainisch",
        "Linden-Nord",
        "Angelegt",
    ):
        assert text in html, text
    assert f'href="/intern/personen/{housing.person.public_id}"' in html
    assert 'value="verify"' in html and "weiterleiten" in html


def test_interpreting_languages_are_named_with_their_level(app):
    person = make_person()
    offer = make_offer(
        person,
        details={"languages": [{"code": "ar", "level": "native"}, {"code": "fa", "level": "good"}], "settings": []},
    )
    facts = dict((str(label), value) for label, value in offer_facts(offer))
    assert facts["Art"] == "Dolmetschen"
    assert "Arabisch (Muttersprache), Persisch (gut)" in facts.values()


def test_notes_forwardings_and_matches_are_listed(app, client, login, housing):
    coordinator = login(Role.COORDINATOR)
    add_note(housing, "Vermieterin ruft Montag zurück.", coordinator)
    forward_offer(housing, "housing", coordinator)
    make_match(make_need(make_organisation(), title="Wohnung für Familie Haddad", kind=OfferKind.HOUSING), housing)
    db.session.commit()
    html = page(client, housing).get_data(as_text=True)
    assert "Vermieterin ruft Montag zurück." in html
    assert "Fachbereich Soziales – Unterbringung" in html and "unterbringung@hannover-stadt.de" in html
    assert "Wohnung für Familie Haddad" in html and "Unterkunft Am Listholze" in html
    assert "Weitergeleitet" in html and "Notiz" in html  # in the trail


def test_the_trail_names_statuses_in_words(app, client, login, housing):
    from app.offers.models import OfferStatus

    login(Role.COORDINATOR)
    housing.status = OfferStatus.VERIFIED
    db.session.commit()
    assert "Neu → Geprüft" in page(client, housing).get_data(as_text=True)


def test_the_page_runs_a_fixed_number_of_queries(app, client, login, housing):
    coordinator = login(Role.COORDINATOR)
    for number in range(5):
        add_note(housing, f"Notiz {number}", coordinator)
        make_match(make_need(make_organisation(name=f"Unterkunft {number}"), kind=OfferKind.HOUSING), housing)
    db.session.commit()
    statements = []
    sa.event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    assert page(client, housing).status_code == 200
    assert len(statements) <= 10, statements


def test_hotline_sees_contact_data_but_no_decisions(app, client, login, housing):
    login(Role.HOTLINE)
    html = page(client, housing).get_data(as_text=True)
    assert "anna.müller@example.org" in html and "Notiz speichern" in html
    assert 'value="verify"' not in html and "Weiterleiten</span>" not in html


@pytest.mark.parametrize("role", [Role.ADMIN, Role.ORG_MEMBER])
def test_other_roles_are_refused(app, client, login, housing, role):
    login(role)
    assert page(client, housing).status_code == 403


def test_anonymous_visitors_go_to_the_login(client, housing):
    response = page(client, housing)
    assert response.status_code == 302 and "/anmelden" in response.headers["Location"]


def test_an_unknown_offer_is_not_found(app, client, login):
    login(Role.COORDINATOR)
    assert client.get("/intern/angebote/gibt-es-nicht").status_code == 404
