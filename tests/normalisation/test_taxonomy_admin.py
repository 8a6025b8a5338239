"""Admins edit the help concepts; coordinators read them; the whole taxonomy is checked before saving."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.accounts.models import Role
from app.core.audit import AuditEvent
from app.extensions import db
from app.normalisation.models import HelpConcept
from app.normalisation.taxonomy_store import current_taxonomy, stored_records
from tests.conftest import csrf_token_from
from tests.factories import log_in, make_user

LIST = "/intern/admin/begriffe"
NEW = "/intern/admin/begriffe/neu"
SEWING = "/intern/admin/begriffe/sewing"


@pytest.fixture
def as_role(client):
    def log_in_as(role: Role):
        user = make_user(role)
        db.session.commit()
        log_in(client, user)
        return user

    return log_in_as


def post(client, url: str, **data):
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data})


def concept_form(**overrides) -> dict:
    return {
        "key": "chess",
        "group": "other",
        "label_de": "Schach",
        "label_en": "Chess",
        "synonyms_de": "Schachkurs\nSchach spielen",
        "synonyms_en": "chess club",
        "related": ["sewing"],
        **overrides,
    }


def test_the_list_searches_and_filters_by_group(client, as_role):
    as_role(Role.ADMIN)
    page = client.get(LIST, query_string={"q": "hausaufg"}).get_data(as_text=True)
    assert "Hausaufgabenhilfe" in page and "Deutschunterricht" not in page
    page = client.get(LIST, query_string={"group": "premises"}).get_data(as_text=True)
    assert "Lagerraum" in page and "Hausaufgabenhilfe" not in page
    assert 'href="/intern/admin/begriffe/neu"' in page


def test_coordinators_read_but_do_not_edit(client, as_role):
    as_role(Role.COORDINATOR)
    page = client.get(LIST).get_data(as_text=True)
    assert "Hausaufgabenhilfe" in page
    assert "/intern/admin/begriffe/neu" not in page and 'href="/intern/admin/begriffe/sewing"' not in page
    assert client.get(SEWING).status_code == 403


def test_admins_see_the_item_in_the_navigation(client, as_role):
    as_role(Role.ADMIN)
    assert f'href="{LIST}"' in client.get("/intern").get_data(as_text=True)


def test_an_admin_creates_a_concept_that_is_used_at_once(client, as_role, restore_taxonomy):
    admin = as_role(Role.ADMIN)
    response = post(client, NEW, **concept_form())
    assert response.status_code == 303
    concept = db.session.scalar(sa.select(HelpConcept).where(HelpConcept.key == "chess"))
    assert (concept.synonyms_de, concept.synonyms_en, concept.related) == (
        ["Schachkurs", "Schach spielen"],
        ["chess club"],
        ["sewing"],
    )
    assert [r.value for r in current_taxonomy().resolve("Schachkurs")] == ["chess"]
    assert "chess" in current_taxonomy().by_key["sewing"].related
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.object_type == "help_concepts"))
    assert (event.action, event.actor_id) == ("created", admin.id)


def test_an_admin_edits_a_concept(client, as_role, restore_taxonomy):
    as_role(Role.ADMIN)
    page = client.get(SEWING).get_data(as_text=True)
    assert "Nähen" in page and 'name="key"' not in page  # keys are never renamed
    data = {
        **concept_form(label_de="Nähen und Flicken", label_en="Sewing", synonyms_de="Nähkurs\nFlicken"),
        "related": [],
    }
    assert post(client, SEWING, **data).status_code == 303
    record = stored_records()["sewing"]
    assert (record["de"], record["synonyms_de"], record["related"]) == ("Nähen und Flicken", ["Nähkurs", "Flicken"], [])


def test_a_synonym_of_another_concept_is_refused_in_german_and_the_input_is_kept(client, as_role):
    as_role(Role.ADMIN)
    response = post(client, NEW, **concept_form(synonyms_de="Schachkurs\nHausaufgaben"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "„Hausaufgaben“ gehört schon zum Begriff „Hausaufgabenhilfe“." in page
    assert 'href="#synonyms_de"' in page  # the error summary points at the field
    assert "Schachkurs\nHausaufgaben</textarea>" in page
    assert 'value="Schach"' in page
    assert "chess" not in stored_records()


def test_a_synonym_of_only_filler_words_and_a_bad_key_are_refused(client, as_role):
    as_role(Role.ADMIN)
    page = post(client, NEW, **concept_form(key="Schach!", synonyms_en="")).get_data(as_text=True)
    assert "Nur kleine Buchstaben" in page
    page = post(client, NEW, **concept_form(key="sewing")).get_data(as_text=True)
    assert "Diesen Schlüssel gibt es schon." in page
    page = post(client, NEW, **concept_form(synonyms_en="for the")).get_data(as_text=True)
    assert "„for the“ lässt sich nicht als Begriff lesen" in page


def test_an_unknown_concept_is_404(client, as_role):
    as_role(Role.ADMIN)
    assert client.get("/intern/admin/begriffe/no_such_thing").status_code == 404
