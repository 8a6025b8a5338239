"""Staff see what free texts were read as, correct it, and the correction survives re-reading."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.accounts.models import Role
from app.core.audit import AuditEvent
from app.extensions import db
from app.needs.models import Need
from app.normalisation.stored import correct as correct_reading
from app.normalisation.taxonomy_store import save_concept, stored_records
from app.offers.models import Offer, OfferKind
from app.people.models import Person
from tests.conftest import csrf_token_from
from tests.factories import log_in, make_need, make_offer, make_organisation, make_person, make_user


@pytest.fixture
def staff(client):
    def log_in_as(role: Role = Role.COORDINATOR, browser=client, **fields):
        user = make_user(role, **fields)
        db.session.commit()
        log_in(browser, user)
        return user

    return log_in_as


def correct(client, page: str, action: str, prefix: str, value: str):
    token = csrf_token_from(client.get(page).get_data(as_text=True))
    return client.post(action, data={"csrf_token": token, f"{prefix}-value": value})


def reload(model, row_id: int):
    db.session.expire_all()
    return db.session.get(model, row_id)


def test_the_offer_page_shows_each_reading_with_its_confidence(client, staff):
    person = make_person(other_languages="Dutsch")
    offer = make_offer(person, OfferKind.OTHER, description="Umzugshilfe, Zauberei")
    staff(Role.HOTLINE)
    page = client.get(f"/intern/angebote/{offer.public_id}").get_data(as_text=True)
    assert "So wurden die Angaben gelesen" in page
    assert "„Umzugshilfe“ → <strong>Umzugshilfe</strong>" in page
    assert "„Zauberei“ → <strong>nicht erkannt</strong>" in page
    assert "(100 % sicher)" in page
    assert 'for="description-1-value"' in page  # one labelled select per reading
    people_page = client.get(f"/intern/personen/{person.public_id}").get_data(as_text=True)
    assert "„Dutsch“ → <strong>Deutsch</strong>" in people_page and "bitte prüfen" in people_page
    # The alternatives come first: Dutch right after the reading itself.
    options = people_page[people_page.index('id="other_languages-0-value"') :]
    assert options.index(">Niederländisch<") < options.index(">Arabisch<")


def test_a_correction_changes_the_concepts_is_audited_and_survives_an_edit(client, staff):
    person = make_person(kind=OfferKind.OTHER)
    offer = make_offer(person, OfferKind.OTHER, description="Zauberei für Kinder")
    assert offer.concepts == []
    user = staff()
    page = f"/intern/angebote/{offer.public_id}"
    response = correct(
        client,
        page,
        f"/intern/normalisierung/angebote/{offer.public_id}/description/0",
        "description-0",
        "play_with_children",
    )
    assert response.status_code == 303 and response.headers["Location"].endswith(page)
    offer = reload(Offer, offer.id)
    assert offer.concepts == ["play_with_children"]
    entry = offer.normalisation["description"][0]
    assert (entry["value"], entry["confidence"], entry["corrected"]) == ("play_with_children", 100, True)
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "normalisation_corrected"))
    assert (event.object_id, event.actor_id, event.changes) == (
        offer.id,
        user.id,
        {"description": [None, "play_with_children"]},
    )
    assert "Lesart korrigiert" in client.get(page).get_data(as_text=True)

    offer.description = "Zauberei für Kinder, Umzugshilfe"
    db.session.flush()
    assert offer.concepts == ["play_with_children", "moving_help"]
    offer.description = "Umzugshilfe"  # the corrected words are gone, and so is the correction
    db.session.flush()
    assert offer.concepts == ["moving_help"]


def test_nothing_of_these_drops_a_concept(client, staff):
    person = make_person(skills="Ärztin im Ruhestand")
    assert person.concepts == ["accompany_doctor"]
    staff()
    url = f"/intern/normalisierung/personen/{person.public_id}/skills/0"
    assert correct(client, f"/intern/personen/{person.public_id}", url, "skills-0", "").status_code == 303
    person = reload(Person, person.id)
    assert person.concepts == []
    assert person.normalisation["skills"][0]["value"] is None


def test_a_corrected_language_replaces_the_one_read(client, staff):
    person = make_person(languages=["de"], other_languages="Farsi, Dutsch")
    assert sorted(person.language_codes) == ["de", "fa"]  # "Dutsch" is uncertain: German or Dutch?
    staff(Role.HOTLINE)
    page = f"/intern/personen/{person.public_id}"
    base = f"/intern/normalisierung/personen/{person.public_id}/other_languages"
    assert correct(client, page, f"{base}/0", "other_languages-0", "prs").status_code == 303
    assert correct(client, page, f"{base}/1", "other_languages-1", "nl").status_code == 303
    assert sorted(reload(Person, person.id).language_codes) == ["de", "nl", "prs"]


def test_a_value_never_offered_and_a_reading_that_does_not_exist_are_refused(client, staff):
    person = make_person(skills="Umzugshilfe")
    staff()
    page = f"/intern/personen/{person.public_id}"
    base = f"/intern/normalisierung/personen/{person.public_id}"
    assert correct(client, page, f"{base}/skills/0", "skills-0", "no_such_concept").status_code == 400
    assert correct(client, page, f"{base}/skills/1", "skills-1", "sewing").status_code == 404
    assert correct(client, page, f"{base}/title/0", "title-0", "sewing").status_code == 404
    assert reload(Person, person.id).concepts == ["moving_help"]


def test_needs_readings_are_for_coordinators_only(client, staff):
    organisation = make_organisation()
    need = make_need(organisation, title="Begleitung zum Jobcenter")
    staff(Role.ORG_MEMBER, organisation=organisation)
    page = client.get(f"/intern/bedarfe/{need.public_id}").get_data(as_text=True)
    assert "So wurden die Angaben gelesen" not in page
    client = client.application.test_client()
    staff(Role.COORDINATOR, browser=client)
    page = f"/intern/bedarfe/{need.public_id}"
    assert "So wurden die Angaben gelesen" in client.get(page).get_data(as_text=True)
    url = f"/intern/normalisierung/bedarfe/{need.public_id}/title/0"
    assert correct(client, page, url, "title-0", "job_search").status_code == 303
    assert reload(Need, need.id).concepts == ["job_search"]


def test_refresh_reads_everything_again_and_keeps_corrections(app, runner, restore_taxonomy):
    person = make_person(skills="Schachkurs, Zauberei")
    offer = make_offer(person, OfferKind.OTHER, description="Schach für Kinder")
    need = make_need(make_organisation(), title="Schachkurs gesucht")
    correct_reading(person, "skills", 1, "play_with_children")
    record = stored_records()["sports"]
    save_concept("sports", {**record, "synonyms_de": [*record["synonyms_de"], "Schachkurs", "Schach"]})
    ids = person.id, offer.id, need.id
    db.session.commit()

    result = runner.invoke(args=["normalisation", "refresh", "--batch", "1"])
    assert result.exit_code == 0, result.output
    assert "Personen: 1 gelesen, 1 geändert." in result.output
    assert "Bedarfe: 1 gelesen, 1 geändert." in result.output
    assert [reload(model, id_).concepts for model, id_ in zip((Person, Offer, Need), ids, strict=True)] == [
        ["sports", "play_with_children"],
        ["sports"],
        ["sports"],
    ]
