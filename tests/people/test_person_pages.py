"""The person pages: search, one person with contact data, edit, merge; only for the contact roles."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.accounts.models import Role
from app.extensions import db
from app.people.models import Person
from tests.conftest import count
from tests.factories import log_in, make_match, make_need, make_offer, make_organisation, make_person, make_user

SEARCH = "/intern/personen"


def page_urls(person: Person) -> list[str]:
    base = f"{SEARCH}/{person.public_id}"
    return [SEARCH, base, f"{base}/bearbeiten", f"{base}/zusammenfuehren"]


@pytest.fixture
def anna(app):
    person = make_person("Anna", "Mueller", phone="+49 511 1234567", email="anna@example.org", skills="Lehrerin")
    need = make_need(make_organisation("Unterkunft Am Listholze"), title="Deutschkurs für Mütter")
    make_match(need, person.offers[0])
    db.session.commit()
    return person


def log_in_as(client, role: Role) -> None:
    organisation = make_organisation("Andere Unterkunft") if role is Role.ORG_MEMBER else None
    user = make_user(role, organisation=organisation)
    db.session.commit()
    log_in(client, user)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.HOTLINE])
def test_the_person_page_shows_contact_data_offers_matches_consent_and_trail(client, anna, role):
    log_in_as(client, role)
    page = client.get(f"{SEARCH}/{anna.public_id}").get_data(as_text=True)
    for expected in ("anna@example.org", "+49 511 1234567", "Linden-Nord", "Lehrerin", "Deutsch"):
        assert expected in page
    offer = anna.offers[0]
    assert f'href="/intern/angebote/{offer.public_id}"' in page and offer.reference in page
    assert "Deutschkurs für Mütter" in page and "Unterkunft Am Listholze" in page and "vermittelt" in page
    assert "Telefon" in page and "Fassung" in page and "test" in page  # consent channel and version
    assert "Verlauf" in page and "Angelegt" in page


@pytest.mark.parametrize("role", [Role.ADMIN, Role.ORG_MEMBER])
def test_admins_and_organisation_members_are_refused_everywhere(client, anna, role):
    log_in_as(client, role)
    for url in page_urls(anna):
        assert client.get(url).status_code == 403, url


def test_anonymous_visitors_are_sent_to_the_login(client, anna):
    for url in page_urls(anna):
        response = client.get(url)
        assert response.status_code == 302 and "/anmelden" in response.headers["Location"], url


def test_an_unknown_person_is_a_404(client, anna):
    log_in_as(client, Role.HOTLINE)
    assert client.get(f"{SEARCH}/nicht-vorhanden").status_code == 404


@pytest.fixture
def hotline(client, anna):
    log_in_as(client, Role.HOTLINE)


@pytest.fixture
def post(client, csrf_token):
    def send(url: str, data: dict):
        return client.post(url, data={**data, "csrf_token": csrf_token(url)})

    return send


@pytest.mark.parametrize(
    "query", ["Müller, Anna", "mueller", "0511 1234567", "+495111234567", "ANNA@example.org", "reference"]
)
def test_search_finds_by_name_phone_mail_and_offer_reference(client, anna, hotline, post, query):
    make_person("Hans", "Schmidt", phone="0511 7654321")
    db.session.commit()
    query = anna.offers[0].reference if query == "reference" else query
    response = post(SEARCH, {"query": query})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "1 Person gefunden" in page
    assert f'href="/intern/personen/{anna.public_id}"' in page
    assert "Schmidt" not in page


def test_a_search_stays_out_of_the_url_and_an_empty_one_is_refused(client, anna, hotline, post):
    assert 'method="post"' in client.get(SEARCH).get_data(as_text=True)
    response = post(SEARCH, {"query": "  "})
    assert response.status_code == 422
    assert "Bitte geben Sie ein, wen Sie suchen." in response.get_data(as_text=True)


def test_a_search_nobody_matches_says_so(client, anna, hotline, post):
    assert "0 Personen gefunden" in post(SEARCH, {"query": "Zoran Petrović"}).get_data(as_text=True)


def edit_form(**overrides) -> dict:
    data = {
        "first_name": "Anna-Lena",
        "last_name": "Mueller",
        "phone": "0511 7777777",
        "email": "Anna.Lena@Example.org",
        "locale": "en",
        "languages": ["de", "uk"],
        "district": "List",
        "travel_radius_km": "5",
        "availability": ["mon_morning"],
        "skills": "",  # browsers send empty text fields
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_editing_keeps_the_lookup_keys_in_sync(client, anna, hotline, post):
    url = f"{SEARCH}/{anna.public_id}/bearbeiten"
    form = client.get(url).get_data(as_text=True)
    assert 'value="anna@example.org"' in form and 'value="Lehrerin"' not in form  # textarea content
    response = post(url, edit_form())
    assert response.status_code == 303
    db.session.expire_all()
    person = db.session.get(Person, anna.id)
    assert (person.first_name, person.locale, person.district, person.travel_radius_km) == (
        "Anna-Lena",
        "en",
        "List",
        5,
    )
    assert (person.name_key, person.phone_e164, person.email_normalised) == (
        "anna lena mueller",
        "+495117777777",
        "anna.lena@example.org",
    )
    assert person.language_codes == ["de", "uk"] and person.availability == 1
    assert person.skills is None and person.borough is not None


def test_an_invalid_edit_comes_back_with_what_was_typed(client, anna, hotline, post):
    response = post(f"{SEARCH}/{anna.public_id}/bearbeiten", edit_form(last_name="", phone="12"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Bitte geben Sie Ihren Nachnamen an." in page and "gültige Telefonnummer" in page
    assert 'value="Anna-Lena"' in page
    db.session.expire_all()
    assert db.session.get(Person, anna.id).first_name == "Anna"


def test_merging_through_the_pages(client, anna, hotline, post):
    twin = make_person("Anna", "Müller", phone="0511 1234567", email=None)
    db.session.commit()
    url = f"{SEARCH}/{anna.public_id}/zusammenfuehren"
    pick = client.get(url).get_data(as_text=True)
    assert f'value="{twin.public_id}"' in pick and "gleiche Telefonnummer" in pick

    compare = post(url, {"candidate": twin.public_id})
    page = compare.get_data(as_text=True)
    assert compare.status_code == 200
    assert "Bleibt: Anna Mueller" in page and "Wird übernommen: Anna Müller" in page
    assert twin.offers[0].reference in page and anna.offers[0].reference in page
    assert count(Person) == 2

    done = post(url, {"other": twin.public_id})
    assert done.status_code == 303 and done.headers["Location"] == f"{SEARCH}/{anna.public_id}"
    assert count(Person) == 1
    person_page = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "Person zusammengeführt" in person_page and twin.public_id in person_page


def test_the_other_person_can_be_named_by_offer_reference(client, anna, hotline, post):
    stranger = make_person("Zoran", "Petrović")
    db.session.commit()
    url = f"{SEARCH}/{anna.public_id}/zusammenfuehren"
    response = post(url, {"reference": stranger.offers[0].reference})
    assert response.status_code == 200 and "Wird übernommen: Zoran Petrović" in response.get_data(as_text=True)


@pytest.mark.parametrize(("reference", "message"), [("HN-2026-99999", "keine Person"), ("self", "diese Person selbst")])
def test_an_unknown_or_the_same_person_cannot_be_merged(client, anna, hotline, post, reference, message):
    reference = anna.offers[0].reference if reference == "self" else reference
    response = post(f"{SEARCH}/{anna.public_id}/zusammenfuehren", {"reference": reference})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count(Person) == 1


def test_a_stale_confirmation_merges_nothing(client, anna, hotline, post):
    response = post(f"{SEARCH}/{anna.public_id}/zusammenfuehren", {"other": "schon-weg"})
    assert response.status_code == 303
    assert db.session.scalar(sa.select(sa.func.count(Person.id))) == 1


def statements_for(client, url: str) -> int:
    statements = []

    def note(*args):
        statements.append(args[2])

    sa.event.listen(db.engine, "before_cursor_execute", note)
    try:
        assert client.get(url).status_code == 200
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", note)
    return len(statements)


def test_the_person_page_takes_as_many_statements_for_one_offer_as_for_many(client, anna, hotline):
    few = statements_for(client, f"{SEARCH}/{anna.public_id}")
    busy = make_person("Bea", "Beispiel")
    organisation = make_organisation("Stadtteilnetz Linden")
    for index in range(5):
        make_match(make_need(organisation, title=f"Bedarf {index}"), make_offer(busy))
    db.session.commit()
    assert statements_for(client, f"{SEARCH}/{busy.public_id}") == few
