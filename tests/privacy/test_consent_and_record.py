"""Consent texts are kept per version; the record of processing classifies every column."""

from __future__ import annotations

import sqlalchemy as sa

from app.accounts.models import Role
from app.extensions import db
from app.people.models import Person
from app.privacy.processing import TABLES, Category, unclassified_columns
from app.privacy.services import consent_text_path, versions_without_text
from tests.factories import log_in, make_person, make_user
from tests.offers.payloads import offer_form


def test_the_configured_consent_version_has_its_text(app):
    path = consent_text_path(app.config["PRIVACY_NOTICE_VERSION"])
    assert path.is_file()
    text = path.read_text(encoding="utf-8")
    # The checkbox's own words, as the form shows them, and the notice's essentials.
    assert "bin einverstanden, dass die Koordinierungsstelle meine" in text
    assert "Art. 6 Abs. 1 Buchst. a DSGVO" in text
    assert "12 Monate" in text


def test_every_consent_version_stored_on_persons_has_its_text(app, submit):
    submit(offer_form("interpreting"))
    assert db.session.scalar(sa.select(Person.consent_version)) == app.config["PRIVACY_NOTICE_VERSION"]
    assert versions_without_text() == []


def test_a_version_without_its_text_is_found(app):
    make_person("Ohne", "Text")
    db.session.execute(sa.update(Person).values(consent_version="1999-01-01"))
    assert versions_without_text() == ["1999-01-01"]


def test_every_column_of_every_table_is_classified(app):
    assert unclassified_columns() == [], "classify new columns in app/privacy/processing.py"


def test_tables_with_personal_data_name_purpose_basis_and_retention(app):
    for name, activity in TABLES.items():
        if activity.personal:
            assert activity.basis and activity.retention and activity.recipients, name
    assert TABLES["people"].columns["email"] is Category.CONTACT
    assert not TABLES["help_concepts"].personal


def test_the_record_page_is_generated_from_the_model(client, app):
    user = make_user(Role.ADMIN)
    db.session.commit()
    log_in(client, user)
    page = client.get("/intern/datenschutz/verarbeitungen").get_data(as_text=True)
    assert "Verzeichnis von Verarbeitungstätigkeiten" in page
    assert "datenschutz@hannover-stadt.de" in page  # the DPO from city.toml
    assert "Art. 6 Abs. 1 Buchst. a DSGVO" in page and "Art. 6 Abs. 1 Buchst. e DSGVO" in page
    assert "first_name, last_name, name_key" in page
    assert "12 Monate nach der letzten Aktivität" in page
    city = app.extensions["helfernetz.city"]
    for department in city.departments:
        assert department.name in page
