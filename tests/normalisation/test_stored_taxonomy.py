"""The taxonomy from the database: built once per revision, the shipped file only while the table is empty."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.normalisation.concepts import taxonomy
from app.normalisation.models import HelpConcept
from app.normalisation.taxonomy_store import current_taxonomy, save_concept, shipped_records, stored_records
from tests.factories import make_person


def test_the_seeded_table_holds_the_shipped_taxonomy(app):
    defaults = {"synonyms_de": [], "synonyms_en": [], "related": [], "referral_only": False}
    assert stored_records() == {key: {**defaults, **record} for key, record in shipped_records().items()}
    assert [c.key for c in current_taxonomy().concepts] == [c.key for c in taxonomy().concepts]


def test_the_taxonomy_is_built_once_per_revision(app):
    first = current_taxonomy()
    assert current_taxonomy() is first
    assert first is not taxonomy()  # from the table, not the file


def test_an_edit_is_seen_at_once_and_used_by_the_normaliser(app, restore_taxonomy):
    before = current_taxonomy()
    record = stored_records()["sewing"]
    save_concept("sewing", {**record, "synonyms_de": [*record["synonyms_de"], "Schneiderei"]})
    after = current_taxonomy()
    assert after is not before
    assert [r.value for r in after.resolve("Schneiderei")] == ["sewing"]
    assert make_person(skills="Schneiderei").concepts == ["sewing"]


def test_an_empty_table_falls_back_to_the_shipped_file(app, restore_taxonomy):
    db.session.execute(sa.delete(HelpConcept))
    assert current_taxonomy() is taxonomy()
