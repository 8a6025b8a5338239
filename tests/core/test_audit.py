"""The audit trail records every change by itself and cannot be edited."""

import pytest
import sqlalchemy as sa

from app.accounts.models import Role
from app.core.audit import AuditEvent, history, record
from app.extensions import db
from app.offers.models import OfferStatus
from tests.factories import make_person, make_user


def events(obj) -> list[tuple[str, dict]]:
    return [(event.action, event.changes) for event in reversed(history(obj))]


def test_creation_and_each_change_are_recorded_with_old_and_new_values(app):
    person = make_person(languages=["de"])
    offer = person.offers[0]
    db.session.commit()
    offer.status = OfferStatus.VERIFIED
    person.languages = [*person.languages, type(person.languages[0])(code="ar")]
    person.last_name = "Müller"
    db.session.commit()
    assert events(offer) == [("created", {}), ("updated", {"status": ["new", "verified"]})]
    assert events(person) == [
        ("created", {}),
        ("updated", {"last_name": ["Mueller", "Müller"], "languages": [["de"], ["ar", "de"]]}),
    ]


def test_derived_columns_and_passwords_never_show_their_values(app):
    user = make_user(Role.HOTLINE)
    db.session.commit()
    user.set_password("ein-ganz-neues-passwort")
    db.session.commit()
    assert events(user)[-1] == ("updated", {"password_hash": ["***", "***"]})


def test_the_logged_in_user_is_the_actor(app, client):
    from tests.factories import log_in

    coordinator = make_user(Role.COORDINATOR)
    db.session.commit()
    log_in(client, coordinator)
    event = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.object_type == "users")).all()[-1]
    assert event.changes.keys() == {"last_login_at"}
    assert event.actor_id == coordinator.id


def test_audit_events_cannot_be_changed_or_deleted(app):
    person = make_person()
    event = record("note_added", person, text="Ruft zurück")
    db.session.commit()
    event.action = "something_else"
    with pytest.raises(PermissionError):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEvent, event.id))
    with pytest.raises(PermissionError):
        db.session.commit()


def test_a_new_row_never_takes_the_id_and_trail_of_a_deleted_one(app):
    first = make_person()
    db.session.commit()
    first_id = first.id
    db.session.delete(first)
    db.session.commit()
    second = make_person("Berta", "Neu")
    db.session.commit()
    assert second.id != first_id
    assert events(second) == [("created", {})]


def test_dates_and_times_in_the_trail_read_as_the_locale_writes_them(app):
    from app.core.audit import display_value

    with app.test_request_context("/?lang=de"):
        assert display_value("2026-11-23T17:13:02.123456+00:00") == "23.11.26, 18:13"
        assert display_value("2026-12-01") == "01.12.2026"
        assert display_value("Linden-Nord") == "Linden-Nord"
