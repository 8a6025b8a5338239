"""The screening queue: each filter narrows, search keeps names out of URLs, seek paging."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from app.accounts.models import Role
from app.extensions import db
from app.offers.models import OfferKind, OfferStatus
from app.people.models import Channel, PersonLanguage
from app.screening import queue as q
from app.screening.queue import Cursor, QueueFilters, queue_page
from tests.conftest import csrf_token_from
from tests.factories import make_offer, make_person

URL = "/intern/angebote"
REFERENCE = re.compile(r"HN-\d{4}-\d{5}")


def references(html: str) -> list[str]:
    return REFERENCE.findall(html.split("<tbody", 1)[1]) if "<tbody" in html else []


def ids(page) -> list[int]:
    return [offer.id for offer in page.offers]


@pytest.fixture
def coordinator(login):
    return login(Role.COORDINATOR)


def search(client, text: str, **filters):
    token = csrf_token_from(client.get(URL).get_data(as_text=True))
    return client.post(URL, data={"csrf_token": token, "q": text, **filters})


def test_the_default_queue_shows_confirmed_new_offers_only(app, client, coordinator):
    waiting = make_person("Anna", "Schmidt").offers[0]
    verified = make_offer(waiting.person, status=OfferStatus.VERIFIED)
    unconfirmed = make_offer(waiting.person, status=OfferStatus.UNCONFIRMED)
    db.session.commit()
    assert references(client.get(URL).get_data(as_text=True)) == [waiting.reference]
    everything = references(client.get(URL, query_string={"status": "all"}).get_data(as_text=True))
    assert sorted(everything) == sorted([waiting.reference, verified.reference])
    asked = references(client.get(URL, query_string={"status": "unconfirmed"}).get_data(as_text=True))
    assert asked == [unconfirmed.reference]


def test_kind_source_and_status_filters(app):
    person = make_person(kind=OfferKind.DONATION, channel=Channel.MAIL)
    housing = make_offer(person, kind=OfferKind.HOUSING, status=OfferStatus.ON_HOLD)
    housing.source = Channel.WEB
    donation = person.offers[0]
    assert ids(queue_page(QueueFilters(status="all", kind=OfferKind.HOUSING))) == [housing.id]
    assert ids(queue_page(QueueFilters(status="all", source=Channel.MAIL))) == [donation.id]
    assert ids(queue_page(QueueFilters(status="on_hold"))) == [housing.id]
    assert ids(queue_page(QueueFilters(kind=OfferKind.HOUSING))) == []


def test_language_filter_counts_spoken_and_interpreted_languages(app):
    speaker = make_person("Rania", "Haddad", languages=["ar", "de"]).offers[0]
    german_only = make_person("Jan", "Meyer", languages=["de"])
    interpreter = make_offer(
        german_only, kind=OfferKind.INTERPRETING, details={"languages": [{"code": "ar", "level": "good"}]}
    )
    other_language = make_offer(german_only, details={"languages": [{"code": "fa", "level": "good"}]})
    filters = QueueFilters(language="ar")
    assert sorted(ids(queue_page(filters))) == sorted([speaker.id, interpreter.id])
    assert other_language.id in ids(queue_page(QueueFilters(language="fa")))
    assert ids(queue_page(QueueFilters(language="uk"))) == []


def test_borough_is_the_offered_place_else_the_persons_home(app):
    # Linden-Nord lies in Linden-Limmer, List in Vahrenwald-List.
    person = make_person(district="Linden-Nord")
    at_home = person.offers[0]
    flat = make_offer(person, kind=OfferKind.HOUSING, district="List", borough="Vahrenwald-List")
    assert ids(queue_page(QueueFilters(borough="Linden-Limmer"))) == [at_home.id]
    assert ids(queue_page(QueueFilters(borough="Vahrenwald-List"))) == [flat.id]


def test_received_dates_are_berlin_days(app):
    person = make_person()
    person.offers[0].created_at = datetime(2026, 2, 27, 12, tzinfo=UTC)
    # 23:30 UTC on 1 March is already 2 March in Hannover.
    late = make_offer(person, created_at=datetime(2026, 3, 1, 23, 30, tzinfo=UTC))
    day = date(2026, 3, 2)
    assert ids(queue_page(QueueFilters(received_from=day, received_until=day))) == [late.id]
    assert ids(queue_page(QueueFilters(received_until=date(2026, 3, 1)))) == [person.offers[0].id]


def test_search_finds_folded_names_and_references(app):
    mueller = make_person("Anna", "Müller").offers[0]
    make_person("Birgit", "Schulz")
    db.session.flush()
    assert ids(queue_page(QueueFilters(query="mueller"))) == [mueller.id]
    assert ids(queue_page(QueueFilters(query="Anna Müller"))) == [mueller.id]
    assert ids(queue_page(QueueFilters(query=mueller.reference.lower()))) == [mueller.id]


def test_a_search_is_posted_and_its_text_never_appears_in_a_url(app, client, coordinator):
    mueller = make_person("Anna", "Müller").offers[0]
    make_person("Birgit", "Schulz")
    db.session.commit()
    response = search(client, "mueller", kind="language_support")
    assert response.status_code == 303
    location = response.headers["Location"]
    assert "mueller" not in location.lower() and "kind=language_support" in location
    html = client.get(location).get_data(as_text=True)
    assert references(html) == [mueller.reference]
    assert 'value="mueller"' in html  # shown again in the search box


def test_a_reference_opens_the_offer(app, client, coordinator):
    offer = make_person().offers[0]
    db.session.commit()
    response = search(client, f" {offer.reference} ")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/intern/angebote/{offer.public_id}")


def test_an_unknown_search_key_says_the_search_is_gone(app, client, coordinator):
    make_person()
    db.session.commit()
    html = client.get(URL, query_string={"search": "weg"}).get_data(as_text=True)
    assert "nicht mehr gespeichert" in html


def test_bad_filters_are_shown_again_with_a_message(app, client, coordinator):
    response = client.get(
        URL, query_string={"kind": "spaceship", "received_from": "2026-03-05", "received_until": "2026-03-01"}
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Das Ende darf nicht vor dem Beginn liegen." in html
    assert client.get(URL, query_string={"cursor": "kaputt"}).status_code == 400


def _five_offers():
    person = make_person()
    start = datetime(2026, 1, 1, tzinfo=UTC)
    person.offers[0].created_at = start
    # Two offers share a timestamp: the id breaks the tie.
    times = [
        start + timedelta(hours=1),
        start + timedelta(hours=2),
        start + timedelta(hours=2),
        start + timedelta(hours=3),
    ]
    for created_at in times:
        make_offer(person, created_at=created_at)
    db.session.flush()
    return [offer.id for offer in person.offers]


def test_seek_paging_walks_forwards_and_back_without_gaps_or_overlap(app):
    expected = _five_offers()
    first = queue_page(QueueFilters(), page_size=2)
    assert ids(first) == expected[:2] and first.previous_cursor is None
    second = queue_page(QueueFilters(), first.next_cursor, page_size=2)
    third = queue_page(QueueFilters(), second.next_cursor, page_size=2)
    assert ids(second) == expected[2:4] and ids(third) == expected[4:]
    assert third.next_cursor is None
    back = queue_page(QueueFilters(), third.previous_cursor, page_size=2)
    assert ids(back) == expected[2:4]
    assert ids(queue_page(QueueFilters(), back.previous_cursor, page_size=2)) == expected[:2]
    newest = queue_page(QueueFilters(newest_first=True), page_size=3)
    assert ids(newest) == expected[::-1][:3]
    assert ids(queue_page(QueueFilters(newest_first=True), newest.next_cursor, page_size=3)) == expected[::-1][3:]


def test_paging_links_keep_the_filters_and_the_cursor_is_opaque(app, client, coordinator, monkeypatch):
    monkeypatch.setattr(q, "PAGE_SIZE", 2)
    expected = _five_offers()
    db.session.commit()
    html = client.get(URL, query_string={"kind": "interpreting"}).get_data(as_text=True)
    link = re.search(r'href="([^"]+)">Weitere', html).group(1).replace("&amp;", "&")
    assert "kind=interpreting" in link and "2026-01" not in link
    page_two = client.get(link).get_data(as_text=True)
    assert references(page_two) and not set(references(page_two)) & set(references(html))
    assert len(expected) == 5


def test_the_count_is_capped_and_a_complete_first_page_needs_none(app, monkeypatch):
    _five_offers()
    assert queue_page(QueueFilters()).total == 5
    monkeypatch.setattr(q, "PAGE_SIZE", 2)
    monkeypatch.setattr(q, "COUNT_CAP", 3)
    page = queue_page(QueueFilters())
    assert page.total == 4 and page.is_capped


def test_cursors_survive_a_round_trip_and_refuse_tampering():
    cursor = Cursor(datetime(2026, 1, 1, 12, 30, 0, 123456, tzinfo=UTC), 42, backwards=True)
    assert Cursor.decode(cursor.encode()) == cursor
    with pytest.raises(q.InvalidCursor):
        Cursor.decode("bm9wZQ")


@pytest.mark.parametrize("role", [Role.ADMIN, Role.ORG_MEMBER])
def test_roles_without_contact_rights_are_refused(app, client, login, role):
    login(role)
    assert client.get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/anmelden" in response.headers["Location"]


def test_hotline_sees_the_queue(app, client, login):
    make_person()
    login(Role.HOTLINE)
    assert client.get(URL).status_code == 200


def test_the_table_shows_place_and_languages(app, client, coordinator):
    person = make_person(languages=["de"])
    person.languages.append(PersonLanguage(code="uk"))
    db.session.commit()
    html = client.get(URL).get_data(as_text=True)
    assert "Deutsch, Ukrainisch" in html
    assert "Linden-Nord" in html and "Linden-Limmer" in html
