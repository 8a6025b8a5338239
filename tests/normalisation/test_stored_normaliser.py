"""Write-time normalisation: what people, offers and needs are read as, whoever writes them."""

from __future__ import annotations

import csv

import sqlalchemy as sa

from app.accounts.models import Role
from app.extensions import db
from app.hotline.services import take_phone_offer
from app.imports.needs import COLUMNS as need_columns
from app.imports.offers import COLUMNS as offer_columns
from app.needs.models import Need
from app.normalisation.stored import OPTION_CONCEPTS, normalise_offer, option_concepts
from app.normalisation.taxonomy_store import current_taxonomy
from app.offers import vocabulary as v
from app.offers.models import Offer, OfferKind
from app.offers.services import Location, OfferData, PersonData
from app.people.models import Person
from app.people.services import set_languages
from tests.conftest import csrf_token_from
from tests.factories import log_in, make_need, make_offer, make_organisation, make_person, make_user

#: Every option list of the offer form, by the detail field that stores it.
OPTION_LISTS = {
    "formats": v.LANGUAGE_SUPPORT_FORMATS,
    "audiences": v.AUDIENCES,
    "settings": v.INTERPRETING_SETTINGS,
    "targets": v.MENTORING_TARGETS,
    "focus": v.MENTORING_FOCUS,
    "housing_type": v.HOUSING_TYPES,
    "premises_type": v.PREMISES_TYPES,
    "categories": v.DONATION_CATEGORIES,
}


def values(entries: list[dict]) -> list:
    return [(entry["text"], entry["value"]) for entry in entries]


def test_every_offer_option_maps_to_a_concept_or_is_deliberately_unmapped(app):
    known = current_taxonomy().by_key
    for field, choices in OPTION_LISTS.items():
        assert set(OPTION_CONCEPTS[field]) == {value for value, _ in choices}, field
    mapped = {key for table in OPTION_CONCEPTS.values() for keys in table.values() for key in keys}
    assert sorted(mapped - known.keys()) == []
    assert OPTION_CONCEPTS["categories"]["household"] == ("kitchen_equipment", "household_items")
    assert OPTION_CONCEPTS["premises_type"]["room"] == ("premises_room",)
    assert option_concepts({"settings": ["authorities"], "step_free": True}) == [
        "accompany_authorities",
        "accessible_housing",
    ]


def test_a_person_is_read_on_creation(app):
    person = make_person(
        other_languages="Arabisch (Muttersprache), etwas Farsi", skills="Deutschuntericht und Hausaufgaben"
    )
    assert sorted(person.language_codes) == ["ar", "de", "fa"]
    assert person.concepts == ["german_lessons", "homework_help"]
    assert values(person.normalisation["other_languages"]) == [
        ("Arabisch (Muttersprache)", "ar"),
        ("etwas Farsi", "fa"),
    ]
    entry = person.normalisation["skills"][0]
    assert entry == {
        "text": "Deutschuntericht",
        "value": "german_lessons",
        "confidence": 100,
        "method": "alias",
        "alternatives": [],
        "corrected": False,
    }


def test_an_uncertain_language_is_kept_for_review_but_not_added(app):
    person = make_person(other_languages="Dutsch")
    (entry,) = person.normalisation["other_languages"]
    assert (entry["value"], entry["confidence"], entry["alternatives"]) == ("de", 50, ["nl"])
    person = make_person("Bo", "Berg", languages=["ar"], other_languages="Dutsch")
    assert person.language_codes == ["ar"]


def test_an_edit_of_the_texts_reads_them_again(app):
    person = make_person(skills="Fahrrad reparieren")
    assert person.concepts == ["bicycle_repair"]
    person.skills = "Umzugshilfe"
    db.session.flush()
    assert person.concepts == ["moving_help"]
    assert list(person.normalisation) == ["skills"]


def test_languages_read_from_the_text_survive_an_edit_of_the_picked_ones(app):
    person = make_person(languages=["de"], other_languages="Bengalisch")
    assert "bn" in person.language_codes
    set_languages(person, ["de", "en"])  # what the edit form does: only the picker's codes
    db.session.flush()
    assert sorted(person.language_codes) == ["bn", "de", "en"]


def test_an_offer_reads_its_options_and_free_texts(app):
    person = make_person()
    offer = make_offer(
        person,
        OfferKind.DONATION,
        details={"categories": ["household", "school"]},
        description="Winterjacken und ein Kinderfahrrad",
    )
    assert offer.concepts[:3] == ["kitchen_equipment", "household_items", "school_supplies"]
    assert {"winter_jackets", "bicycles"} <= set(offer.concepts)
    premises = make_offer(
        person, OfferKind.PREMISES, details={"premises_type": "room", "conditions": "Lagerraum im Keller"}
    )
    assert premises.concepts == ["premises_room", "storage_space"]
    assert "conditions" in premises.normalisation


def test_a_need_reads_title_skills_and_description(app):
    need = make_need(
        make_organisation(),
        title="Hausaufgabenhilfe für Grundschulkinder",
        skills="Geduld, Mathe",
        description="Begleitung zum Jobcenter wäre auch gut",
    )
    assert need.concepts[0] == "homework_help"
    assert "accompany_authorities" in need.concepts
    assert set(need.normalisation) == {"title", "skills", "description"}
    need.title = "Deutschkurs"
    db.session.flush()
    assert need.concepts[0] == "german_lessons"


def test_the_public_form_is_read(app, submit):
    assert submit().status_code == 302
    person = db.session.scalar(sa.select(Person))
    assert "kmr" in person.language_codes  # "Kurmancî" in the free-text field
    assert values(person.normalisation["skills"]) == [("Ärztin", "accompany_doctor")]


def test_the_hotline_is_read(app):
    data = PersonData("Lea", "Lang", None, skills="Nähen", location=Location(district="List"))
    offer = OfferData(OfferKind.MENTORING, details={"targets": ["family"], "focus": ["authorities"]})
    person, (added,) = take_phone_offer(data, [offer], "test")
    assert person.concepts == ["sewing"]
    assert added.concepts == ["family_mentoring", "accompany_authorities"]


def test_an_offer_edited_by_staff_is_read_again(app, client):
    person = make_person(kind=OfferKind.OTHER)
    offer = person.offers[0]
    user = make_user(Role.COORDINATOR)
    db.session.commit()
    log_in(client, user)
    url = f"/intern/angebote/{offer.public_id}/bearbeiten"
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    response = client.post(url, data={"csrf_token": token, "other-description": "Umzugshilfe mit Transporter"})
    assert response.status_code in (302, 303), response.get_data(as_text=True)
    db.session.expire_all()
    assert "moving_help" in db.session.get(Offer, offer.id).concepts


def test_normalise_offer_keeps_what_the_options_say_without_text(app):
    offer = Offer(kind=OfferKind.HOUSING, details={"housing_type": "flat", "step_free": True})
    normalise_offer(offer, current_taxonomy())
    assert (offer.concepts, offer.normalisation) == (["flat", "accessible_housing"], {})


def write_csv(folder, columns: tuple[str, ...], row: dict[str, str]) -> str:
    """A one-row import file with ``columns``; cells not in ``row`` are empty."""
    path = folder / "import.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([columns, [row.get(column, "") for column in columns]])
    return str(path)


def test_imported_rows_are_read(runner, tmp_path):
    row = {
        "ref": "A1",
        "kind": "language_support",
        "first_name": "Mona",
        "last_name": "Said",
        "email": "mona@example.org",
        "languages": "Arabisch, Dutsch",
        "skills": "Deutschuntericht",
        "location": "30451",
        "description": "Hausaufgaben",
    }
    result = runner.invoke(args=["offers", "import", write_csv(tmp_path, offer_columns, row)])
    assert result.exit_code == 0, result.output
    person = db.session.scalar(sa.select(Person))
    assert person.language_codes == ["ar"]  # "Dutsch" is uncertain (German or Dutch?): kept for review
    assert person.concepts == ["german_lessons"]
    assert values(person.normalisation["other_languages"]) == [("Dutsch", "de")]
    assert db.session.scalar(sa.select(Offer)).concepts == ["homework_help"]

    row["skills"] = "Umzugshilfe"  # re-import: the person is updated through the ORM
    assert runner.invoke(args=["offers", "import", write_csv(tmp_path, offer_columns, row)]).exit_code == 0
    db.session.expire_all()
    assert db.session.scalar(sa.select(Person)).concepts == ["moving_help"]


def test_imported_needs_are_read(runner, tmp_path):
    row = {
        "ref": "N1",
        "organisation": "Unterkunft Nord",
        "kind": "mentoring",
        "title": "Begleitung zum Jobcenter",
        "languages": "Arabisch, Dutsch",
        "skills": "Bewerbungen schreiben",
        "location": "List",
    }
    assert runner.invoke(args=["needs", "import", write_csv(tmp_path, need_columns, row)]).exit_code == 0
    need = db.session.scalar(sa.select(Need))
    assert need.concepts == ["accompany_authorities", "job_applications"]
    # An uncertain language is no requirement (a hard filter); it stays in the description for staff.
    assert (need.required_languages, need.description) == (["ar"], "Sprachen (nicht erkannt): Dutsch")
