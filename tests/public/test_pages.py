"""Every public page answers in German and English, with lang/dir and no foreign assets."""

from __future__ import annotations

import re

import pytest

PAGES = [
    "/",
    "/geld-spenden",
    "/fragen",
    "/kontakt",
    "/datenschutz",
    "/impressum",
    "/barrierefreiheit",
    "/helfen/angebot",
    "/anmelden",
]


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_in_german_by_default(client, path):
    response = client.get(path)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="de" dir="ltr">' in html
    assert html.count("<h1") == 1
    assert 'href="#main"' in html and 'id="main"' in html


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_in_english(client, path):
    html = client.get(f"{path}?lang=en").get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in html


@pytest.mark.parametrize("path", PAGES)
def test_no_assets_from_other_hosts(client, path):
    html = client.get(path).get_data(as_text=True)
    assets = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="([^"]+)"', html)
    assert assets and all(url.startswith("/static/") for url in assets), assets


def test_language_choice_is_remembered(client):
    client.get("/?lang=en")
    assert '<html lang="en"' in client.get("/kontakt").get_data(as_text=True)


def test_browser_language_is_the_default(client):
    html = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en"' in html


def test_unknown_language_falls_back_to_german(client):
    assert '<html lang="de"' in client.get("/?lang=xx").get_data(as_text=True)


def test_start_page_offers_every_kind_and_the_hotline(client):
    html = client.get("/").get_data(as_text=True)
    for kind in ("language_support", "interpreting", "mentoring", "minors_support", "housing", "premises", "donation"):
        assert f"art={kind}" in html
    assert "+49 511 168-0" in html


def test_contact_page_shows_the_hotline_hours(client):
    html = client.get("/kontakt").get_data(as_text=True)
    assert "Montag – Donnerstag" in html and "09:00–17:00" in html
    assert "Freitag" in html and "09:00–16:00" in html


def test_donations_page_says_there_is_no_central_collection_point(client):
    html = client.get("/geld-spenden").get_data(as_text=True)
    assert "Sammelstelle" in html


def test_not_found_page_is_friendly(client):
    response = client.get("/gibt-es-nicht")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.get_data(as_text=True)


def test_accessibility_statement_names_gaps_feedback_and_enforcement(client):
    """BITV 2.0 § 7: status, what is not accessible, how to report barriers, the enforcement procedure."""
    html = client.get("/barrierefreiheit").get_data(as_text=True)
    assert "teilweise mit der BITV 2.0 vereinbar" in html
    assert "nur einen Teil der möglichen Barrieren" in html  # what automatic checks cannot promise
    assert "Gebärdensprache" in html
    assert "23. November 2026" in html
    assert "mailto:fluechtlingshilfe@hannover-stadt.de" in html
    assert "Schlichtungsstelle" in html
    footer = client.get("/").get_data(as_text=True)
    assert 'href="/barrierefreiheit"' in footer


def test_addresses_phone_numbers_and_postcodes_are_typed_left_to_right(client):
    """On Arabic and Persian pages too: an e-mail address typed right to left reads garbled."""
    html = client.get("/helfen/angebot").get_data(as_text=True)
    for name in ("email", "phone", "postcode"):
        field = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group()
        assert 'dir="ltr"' in field, field
