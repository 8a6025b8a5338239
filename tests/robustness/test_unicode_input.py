"""Submitted text is cleaned in one place (app.core.text.clean_input) and stored as cleaned.

Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL (which refuses NUL in text).
"""

from __future__ import annotations

import unicodedata

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from app.core.text import clean_input
from app.extensions import db
from app.people.models import Person
from tests.offers.payloads import offer_form
from tests.robustness.conftest import FUZZ

RLO, PDF, RLI, PDI = "\u202e", "\u202c", "\u2067", "\u2069"

#: (typed, stored)
CASES = [
    pytest.param("Anna\x00Lena", "AnnaLena", id="NUL dropped"),
    pytest.param("Zo\x07e\x85\x9f", "Zoe", id="C0 and C1 controls dropped"),
    pytest.param("Jose\u0301", "José", id="combining accent composed"),
    pytest.param("Nguye\u0302\u0303n", "Nguyễn", id="two marks composed"),
    pytest.param("a\u20dd", "a\u20dd", id="mark without composed form kept"),
    pytest.param("می\u200cخواهم", "می\u200cخواهم", id="Persian ZWNJ kept"),
    pytest.param("👩\u200d👩\u200d👧 🇺🇦 👍🏽", "👩\u200d👩\u200d👧 🇺🇦 👍🏽", id="emoji ZWJ, flag, skin tone kept"),
    pytest.param("\u200fسارا\u200e", "\u200fسارا\u200e", id="RLM and LRM kept"),
    pytest.param("a\u200bb", "a\u200bb", id="zero width space kept"),
    pytest.param(f"{RLO}Anna", f"{RLO}Anna{PDF}", id="open override closed"),
    pytest.param(f"{RLI}سارا", f"{RLI}سارا{PDI}", id="open isolate closed"),
    pytest.param(f"{RLO}ab{PDF}", f"{RLO}ab{PDF}", id="closed override unchanged"),
    pytest.param("Zeile 1\r\nZeile\t2", "Zeile 1\r\nZeile\t2", id="tab and line breaks kept"),
]


@pytest.mark.parametrize(("typed", "stored"), CASES)
def test_clean_input(typed, stored):
    assert clean_input(typed) == stored


@pytest.mark.parametrize(("typed", "stored"), CASES)
def test_the_offer_form_stores_the_cleaned_text(app, submit, typed, stored):
    # Names are stripped by their own filter after the cleaning; the line breaks go to a text area.
    response = submit(offer_form(first_name=f"{typed}X", skills=typed))
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    person = db.session.scalar(sa.select(Person))
    assert (person.first_name, person.skills) == (clean_input(f"{typed}X").strip(), stored.strip())


@FUZZ
@given(st.text())
def test_cleaning_is_idempotent(text):
    assert clean_input(clean_input(text)) == clean_input(text)


@FUZZ
@given(st.text(alphabet=st.characters(exclude_categories=["Cc", "Cs"])))
def test_cleaning_keeps_every_printable_character(text):
    # Only bidi closers may be added, after the text.
    assert clean_input(text).startswith(unicodedata.normalize("NFC", text))
    assert set(clean_input(text)[len(unicodedata.normalize("NFC", text)) :]) <= {PDF, PDI}
