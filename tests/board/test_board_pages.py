"""The public board and a need's page: what is on them, filters, what is still missing (issue 8)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from app.extensions import db
from app.matching.decisions import approve
from app.offers.models import OfferStatus
from tests.board.board_data import board_needs, donor_offer, pledge_offer
from tests.factories import make_match

BOARD = "/bedarfe"


@pytest.fixture
def needs(app):
    return board_needs()


def page(client, url: str = BOARD, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.get_data(as_text=True)


def titles(html: str) -> set[str]:
    return set(re.findall(r'<h3 class="kern-heading-small"[^>]*><a [^>]*>([^<]+)</a></h3>', html))


def test_board_lists_exactly_the_public_open_needs(client, needs):
    html = page(client)
    assert titles(html) == {"Winterjacken für Erwachsene", "Dolmetschen beim Kinderarzt"}
    assert "2 Bedarfe" in html
    for hidden in ("Nur intern gesucht", "Schon besetzt", "Schon abgeschlossen"):
        assert hidden not in html


def test_an_entry_shows_kind_borough_missing_urgency_since_and_languages(client, needs):
    jackets = needs["jackets"]
    # Half past eleven UTC is already the next day in Hannover: the board shows the office's day.
    jackets.published_at = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)
    db.session.commit()
    html = page(client)
    assert "Sachspenden" in html and "Mitte" in html
    assert "Noch gesucht: 20 von 20" in html
    assert "dringend" in html
    assert "Arabisch" in html  # a helpful language, named in the page's language
    assert "Persisch" in html  # a required one
    assert "24.11.2026" in html
    assert f'href="/helfen/angebot?bedarf={jackets.public_id}"' in html
    assert f'href="/bedarfe/{jackets.public_id}"' in html


def test_urgent_needs_come_first(client, needs):
    html = page(client)
    assert html.index("Winterjacken für Erwachsene") < html.index("Dolmetschen beim Kinderarzt")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("art=donation", {"Winterjacken für Erwachsene"}),
        ("art=interpreting", {"Dolmetschen beim Kinderarzt"}),
        ("stadtbezirk=Linden-Limmer", {"Dolmetschen beim Kinderarzt"}),
        ("stadtbezirk=Mitte", {"Winterjacken für Erwachsene"}),
        ("sprache=fa", {"Dolmetschen beim Kinderarzt"}),
        ("sprache=ar", {"Winterjacken für Erwachsene"}),
        ("art=donation&stadtbezirk=Linden-Limmer", set()),
        # Unknown values are ignored, not an error: an old link still shows the board.
        (
            "art=spaceships&stadtbezirk=Atlantis&sprache=xx",
            {"Winterjacken für Erwachsene", "Dolmetschen beim Kinderarzt"},
        ),
    ],
)
def test_filters(client, needs, query, expected):
    html = page(client, f"{BOARD}?{query}")
    assert titles(html) == expected
    if not expected:
        assert "Zu diesen Filtern gibt es gerade keinen offenen Bedarf." in html


def test_filters_offer_the_boroughs_and_only_the_languages_on_the_board(client, needs):
    html = page(client)
    assert '<option value="Herrenhausen-Stöcken">' in html  # every Stadtbezirk of the city
    languages = re.search(r'<select[^>]*name="sprache">(.*?)</select>', html, re.S).group(1)
    assert re.findall(r'value="(\w*)"', languages) == ["", "ar", "fa"]


def test_empty_board_says_so(client, app):
    html = page(client)
    assert "Gerade gibt es keinen offenen Bedarf" in html
    assert 'href="/helfen/angebot"' in html


def test_missing_counts_approved_matches_and_confirmed_pledges_only(client, needs):
    jackets = needs["jackets"]
    make_match(jackets, donor_offer(5, first_name="Anna"), status="approved").quantity = 5
    db.session.commit()
    assert "Noch gesucht: 15 von 20" in page(client)

    pledge_offer(jackets, donor_offer(3, first_name="Carla"))
    assert "Noch gesucht: 12 von 20" in page(client)

    # A pledge whose opt-in is still outstanding does not count.
    pledge_offer(jackets, donor_offer(4, status=OfferStatus.UNCONFIRMED, first_name="Dora"))
    assert "Noch gesucht: 12 von 20" in page(client)


def test_fully_pledged_need_stays_on_the_board_without_the_button(client, needs):
    jackets = needs["jackets"]
    pledge_offer(jackets, donor_offer(20))
    html = page(client)
    assert "Alles zugesagt – die Koordinierungsstelle prüft die Zusagen" in html
    assert f"bedarf={jackets.public_id}" not in html
    detail = page(client, f"{BOARD}/{jackets.public_id}")
    assert "Alles zugesagt" in detail and "Ich kann helfen" not in detail


def test_need_filled_by_approving_a_pledge_leaves_the_board(client, needs):
    jackets = needs["jackets"]
    match = pledge_offer(jackets, donor_offer(20))
    approve(match, None)
    db.session.commit()
    assert "Winterjacken für Erwachsene" not in page(client)
    page(client, f"{BOARD}/{jackets.public_id}", status=404)


def test_detail_page_shows_the_facts_and_the_period(client, needs):
    interpreters = needs["interpreters"]
    html = page(client, f"{BOARD}/{interpreters.public_id}")
    assert '<h1 class="kern-heading-large">Dolmetschen beim Kinderarzt</h1>' in html
    assert "Dolmetschen" in html and "Linden-Limmer" in html and "Persisch" in html
    assert "Noch gesucht: 3 von 3" in html
    assert "01.12.2026 bis 28.02.2027" in html
    assert f'href="/helfen/angebot?bedarf={interpreters.public_id}"' in html


@pytest.mark.parametrize("which", ["private", "filled", "closed"])
def test_detail_of_a_need_not_on_the_board_is_not_found(client, needs, which):
    html = page(client, f"{BOARD}/{needs[which].public_id}", status=404)
    assert needs[which].title not in html
    page(client, f"{BOARD}/gibt-es-nicht", status=404)


LOCALES = {"de": "ltr", "en": "ltr", "ar": "rtl", "fa": "rtl", "uk": "ltr", "ru": "ltr", "tr": "ltr"}


@pytest.mark.parametrize(("lang", "direction"), LOCALES.items())
def test_pages_in_every_locale(app, needs, lang, direction):
    jackets = needs["jackets"]
    client = app.test_client()
    for url in (BOARD, f"{BOARD}/{jackets.public_id}"):
        html = page(client, f"{url}?lang={lang}")
        assert f'<html lang="{lang}" dir="{direction}">' in html
        # The title is German, written by the office's staff (WCAG 3.1.2).
        marked = '<span lang="de" dir="ltr">Winterjacken für Erwachsene</span>'
        assert (marked in html) is (lang != "de")


def test_board_page_announces_its_feed_and_is_in_the_navigation(client, needs):
    html = page(client)
    assert '<link rel="alternate" type="application/atom+xml" href="/bedarfe.atom"' in html
    assert '<a href="/bedarfe" aria-current="page">Wo wird gerade Hilfe gebraucht?</a>' in html
    detail = page(client, f"{BOARD}/{needs['jackets'].public_id}")
    assert '<a href="/bedarfe" aria-current="page">' in detail
    start = page(client, "/")
    assert 'href="/bedarfe"' in start and "Aktuelle Bedarfe ansehen" in start
