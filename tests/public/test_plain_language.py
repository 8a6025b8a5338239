"""Einfache Sprache: the start page, the offer form and the thank-you page in plain German on request."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from markupsafe import escape

from app.accounts.models import Role
from app.extensions import db
from tests.factories import log_in, make_user

PLAIN = Path(__file__).resolve().parents[2] / "app" / "translations" / "de" / "LC_MESSAGES" / "plain.po"


@pytest.fixture(scope="module")
def rewritten() -> dict[str, str]:
    """Plain versions that differ from the standard text."""
    with PLAIN.open("rb") as f:
        return {m.id: m.string for m in read_po(f) if isinstance(m.id, str) and m.id and m.string != m.id}


def test_the_start_page_speaks_plain_german_when_chosen(client, rewritten):
    standard = client.get("/?lang=de").get_data(as_text=True)
    shown = [msgid for msgid in rewritten if str(escape(msgid)) in standard]
    assert shown, "the start page should have texts with a plain version"

    plain = client.get("/?lang=de-einfach").get_data(as_text=True)

    assert '<html lang="de"' in plain
    assert '<span aria-current="true" lang="de">Einfache Sprache</span>' in plain
    assert all(str(escape(rewritten[msgid])) in plain for msgid in shown)
    assert str(escape(rewritten[shown[0]])) not in client.get("/?lang=de").get_data(as_text=True)


def test_the_choice_is_remembered_and_ends_with_another_language(client, rewritten):
    client.get("/?lang=de-einfach")
    form = client.get("/helfen/angebot").get_data(as_text=True)
    assert any(str(escape(plain)) in form for plain in rewritten.values())
    assert '<html lang="en"' in client.get("/?lang=en").get_data(as_text=True)
    assert "Einfache Sprache</span>" not in client.get("/").get_data(as_text=True)


def test_the_back_office_stays_standard_german(client, rewritten):
    user = make_user(Role.COORDINATOR)
    db.session.commit()
    client.get("/?lang=de-einfach")
    log_in(client, user)
    html = client.get("/intern").get_data(as_text=True)
    assert "Einfache Sprache" not in html
