"""The hotline's duplicate warning finds a known caller however the name and number are typed."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.offers.models import OfferKind
from app.offers.services import OfferData, PersonData, submit_offers
from app.people.duplicates import find_duplicates, fold_name
from app.people.models import Channel, Person


def add(first: str, last: str, phone: str | None = None, email: str | None = None) -> int:
    person = submit_offers(
        PersonData(first_name=first, last_name=last, email=email, phone=phone),
        [OfferData(kind=OfferKind.OTHER, description="Hilfe")],
        Channel.PHONE,
        "test",
    )
    db.session.commit()
    return person.id


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("Müller, Anna", "anna mueller"),
        ("Anna  Mueller", "anna mueller"),
        ("José Gómez", "gomez jose"),
        ("Groß-Schäfer, Jörg", "gross joerg schaefer"),
    ],
)
def test_names_are_folded_for_comparison(typed, folded):
    assert fold_name(typed) == folded


def test_finds_anna_mueller_when_mueller_anna_calls(app):
    anna = add("Anna", "Mueller", phone="+49 511 1234567")
    add("Hans", "Schmidt", phone="0511 7654321")
    [candidate] = find_duplicates(name="Müller, Anna", phone="0511 1234567")
    assert candidate.person_id == anna
    assert candidate.reasons == {"name", "phone"}
    assert candidate.name_score == 100


def test_same_mail_in_other_case_is_found(app):
    anna = add("Anna", "Mueller", email="Anna.Mueller@Example.org")
    [candidate] = find_duplicates(email="  anna.mueller@example.org ")
    assert (candidate.person_id, candidate.reasons) == (anna, {"email"})


def test_typo_in_the_name_is_still_found_but_a_different_person_is_not(app):
    anna = add("Anna", "Müller")
    add("Anton", "Meier")
    candidates = find_duplicates(name="Ana Müler")
    assert [c.person_id for c in candidates] == [anna]


def test_stronger_evidence_comes_first(app):
    by_name = add("Anna", "Müller")
    by_name_and_phone = add("Anna", "Mueller", phone="0511 1234567")
    candidates = find_duplicates(name="Anna Müller", phone="+495111234567")
    assert [c.person_id for c in candidates] == [by_name_and_phone, by_name]


def test_nothing_typed_finds_nothing(app):
    add("Anna", "Müller", phone="0511 1234567")
    assert find_duplicates() == []
    assert find_duplicates(name="  ", phone="12", email="") == []


def test_the_folded_name_is_stored_on_write_and_rows_without_it_still_match(app):
    anna = add("Anna", "Müller")
    person = db.session.get(Person, anna)
    assert person.name_key == "anna mueller"
    person.name_key = None  # as for rows written before the key existed
    db.session.commit()
    assert [c.person_id for c in find_duplicates(name="Mueller, Anna")] == [anna]


def test_a_typo_in_every_part_of_the_name_is_still_found_among_many(app):
    thomas = add("Thomas", "Fischer")
    for first, last in [("Tobias", "Fiedler"), ("Thea", "Fischbach"), ("Fatima", "Hassan"), ("Theo", "Fuchs")]:
        add(first, last)
    assert [c.person_id for c in find_duplicates(name="Foscher, Tomas")] == [thomas]
