"""The board's Atom feed: valid RFC 4287, the right entries, stable ids, in the request's language (issue 8)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from app.extensions import db
from tests.board.board_data import board_needs

FEED = "/bedarfe.atom"
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: RFC 4287 Appendix B in RELAX NG's XML syntax (source and licence in the file).
SCHEMA = etree.RelaxNG(etree.parse(str(Path(__file__).parent / "data" / "atom.rng")))


@pytest.fixture
def needs(app):
    return board_needs()


def fetch(client, url: str = FEED) -> etree._Element:
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    return etree.fromstring(response.data)


def assert_valid(feed: etree._Element) -> None:
    assert SCHEMA.validate(feed), SCHEMA.error_log


def test_feed_is_valid_atom_with_the_board_s_needs(client, needs):
    feed = fetch(client)
    assert_valid(feed)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert feed.findtext(f"{ATOM}{required}").strip()
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "Koordinierungsstelle Flüchtlingshilfe"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {"self": "http://localhost/bedarfe.atom", "alternate": "http://localhost/bedarfe"}

    entries = feed.findall(f"{ATOM}entry")
    titles = {entry.findtext(f"{ATOM}title") for entry in entries}
    assert titles == {"Winterjacken für Erwachsene", "Dolmetschen beim Kinderarzt"}
    jackets = needs["jackets"]
    (entry,) = [e for e in entries if e.findtext(f"{ATOM}title") == jackets.title]
    detail = f"http://localhost/bedarfe/{jackets.public_id}"
    assert entry.findtext(f"{ATOM}id") == detail
    assert entry.find(f"{ATOM}link").get("href") == detail
    assert entry.findtext(f"{ATOM}summary") == "Sachspenden · Stadtbezirk Mitte · Noch gesucht: 20 von 20"
    assert entry.findtext(f"{ATOM}published") == jackets.published_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    for each in entries:  # RFC 4287 4.1.2 (the appendix's Schematron rule, not in RELAX NG)
        assert each.findtext(f"{ATOM}updated") and each.find(f"{ATOM}link[@rel='alternate']") is not None


def test_entry_ids_are_unique_and_stable(client, needs):
    first = [entry.findtext(f"{ATOM}id") for entry in fetch(client).findall(f"{ATOM}entry")]
    second = [entry.findtext(f"{ATOM}id") for entry in fetch(client, f"{FEED}?lang=ar").findall(f"{ATOM}entry")]
    assert len(first) == len(set(first)) == 2
    assert first == second
    assert fetch(client).findtext(f"{ATOM}id") == "http://localhost/bedarfe.atom"


def test_empty_feed_is_valid(client, app):
    feed = fetch(client)
    assert_valid(feed)
    assert feed.findall(f"{ATOM}entry") == []


def test_feed_speaks_the_request_s_language(app, needs):
    feed = fetch(app.test_client(), f"{FEED}?lang=en")
    assert_valid(feed)
    assert feed.get(XML_LANG) == "en"
    entry = feed.find(f"{ATOM}entry")
    # Kind labels are translated; the need's title stays German and says so.
    assert entry.find(f"{ATOM}title").get(XML_LANG) == "de"
    assert entry.find(f"{ATOM}category").get("label") in {"Donations in kind", "Interpreting"}


def test_markup_in_a_title_is_escaped(client, needs):
    needs["jackets"].title = 'Jacken <b>&</b> "Mützen"'
    db.session.commit()
    feed = fetch(client)
    assert_valid(feed)
    assert 'Jacken <b>&</b> "Mützen"' in {entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")}
