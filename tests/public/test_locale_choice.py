"""Which language a page speaks: the public pages in every shipped one, the back office in German and English."""

from __future__ import annotations

import re

import pytest

from app.accounts.models import Role
from app.extensions import db
from tests.factories import log_in, make_user


def test_english_writes_british_times_and_dates(client):
    """Plain "en" is Babel's US English: 9:00 AM and 11/23/26. The office writes 09:00 and 23/11/2026."""
    html = client.get("/kontakt?lang=en").get_data(as_text=True)
    assert "09:00" in html and "AM" not in html and "PM" not in html
    statement = client.get("/barrierefreiheit?lang=en").get_data(as_text=True)
    assert "23 November 2026" in statement


@pytest.fixture
def config_overrides():
    # A third public language; its catalogue does not matter for choosing it.
    return {"LANGUAGES": ("de", "en", "tr")}


def test_a_public_language_switches_public_pages(client):
    assert '<html lang="tr"' in client.get("/?lang=tr").get_data(as_text=True)


def test_the_back_office_stays_in_german_or_english(client, app):
    user = make_user(Role.COORDINATOR)
    db.session.commit()
    client.get("/?lang=tr")
    log_in(client, user)
    html = client.get("/intern").get_data(as_text=True)
    assert '<html lang="de"' in html
    switcher = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group()
    assert "Türkçe" not in switcher and "English" in switcher and "Einfache Sprache" not in switcher
    assert '<html lang="tr"' in client.get("/kontakt").get_data(as_text=True)  # the choice is kept
