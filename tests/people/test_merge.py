"""Merging two records of one person: nothing either held is lost."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.core.audit import AuditEvent, history, record
from app.extensions import db
from app.matching.models import Match
from app.offers.models import Offer, OfferKind, OfferStatus
from app.outbox.models import OutboxMessage
from app.outbox.services import enqueue
from app.people.models import Channel, Person
from app.people.services import MergeError, merge_persons, merged_person_ids, person_history
from tests.factories import make_match, make_need, make_offer, make_organisation, make_person


def audit_ids(*objects) -> set[int]:
    return {event.id for obj in objects for event in history(obj)}


@pytest.fixture
def pair(app):
    """Anna twice: the survivor with a match, the duplicate with two offers, a match, a mail and a history."""
    need = make_need(make_organisation())
    survivor = make_person("Anna", "Mueller", phone="0511 1234567", email=None, languages=["de"], district="List")
    duplicate = make_person(
        "Anna", "Müller", email="anna@example.org", languages=["ar", "de"], skills="Ärztin", district="Linden-Nord"
    )
    make_offer(duplicate, OfferKind.DONATION)
    make_match(need, survivor.offers[0])
    make_match(need, duplicate.offers[0], status="proposed")
    duplicate.other_languages = "Kurmancî"
    enqueue(duplicate.email, "offer_opt_in", "de", person_id=duplicate.id, name="Anna")
    db.session.flush()
    record("note_added", duplicate.offers[0], text="Hat ein Auto")
    db.session.commit()
    return survivor, duplicate


def test_every_offer_match_mail_and_audit_record_is_reachable_from_the_survivor(pair):
    survivor, duplicate = pair
    offers = [*survivor.offers, *duplicate.offers]
    matches = {match.id for offer in offers for match in offer.matches}
    mails = set(db.session.scalars(sa.select(OutboxMessage.id)))
    before = audit_ids(survivor, duplicate, *offers, *db.session.scalars(sa.select(Match)))
    duplicate_id = duplicate.id

    merge_persons(survivor, duplicate)
    db.session.commit()
    db.session.expire_all()

    assert db.session.get(Person, duplicate_id) is None
    assert {offer.id for offer in survivor.offers} == {offer.id for offer in offers}
    assert {match.id for offer in survivor.offers for match in offer.matches} == matches
    assert set(db.session.scalars(sa.select(OutboxMessage.id).where(OutboxMessage.person_id == survivor.id))) == mails
    reachable = {event.id for event in person_history(survivor)}
    reachable |= audit_ids(*survivor.offers, *(match for offer in survivor.offers for match in offer.matches))
    assert before <= reachable
    actions = [event.action for event in person_history(survivor)]
    assert actions[:2] == ["deleted", "person_merged"]


def test_the_survivor_keeps_its_values_and_fills_its_gaps(pair):
    survivor, duplicate = pair
    merge_persons(survivor, duplicate)
    db.session.commit()
    assert (survivor.last_name, survivor.phone, survivor.district) == ("Mueller", "0511 1234567", "List")
    assert (survivor.email, survivor.skills, survivor.other_languages) == ("anna@example.org", "Ärztin", "Kurmancî")
    assert survivor.email_normalised == "anna@example.org"
    # Kurmanji comes with the duplicate's "Kurmancî", read as a language (app.normalisation.stored).
    assert survivor.language_codes == ["ar", "de", "kmr"]


def test_the_merge_event_keeps_a_snapshot_of_the_merged_person(pair):
    survivor, duplicate = pair
    duplicate_id, public_id = duplicate.id, duplicate.public_id
    references = [offer.reference for offer in duplicate.offers]
    merge_persons(survivor, duplicate)
    db.session.commit()
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "person_merged"))
    assert event.object_id == survivor.id
    assert event.changes["merged_person_id"] == duplicate_id
    snapshot = event.changes["merged"]
    assert (snapshot["public_id"], snapshot["last_name"], snapshot["district"]) == (public_id, "Müller", "Linden-Nord")
    # The duplicate's "Kurmancî" was read as Kurmanji when it was stored (app.normalisation.stored).
    assert snapshot["languages"] == ["ar", "de", "kmr"] and snapshot["offers"] == references
    assert "name_key" not in snapshot


def test_histories_of_earlier_merges_are_followed(app):
    first, second, third = (make_person("Anna", name) for name in ("Mueller", "Müller", "Muller"))
    db.session.commit()
    third_events = audit_ids(third)
    merge_persons(second, third)
    merge_persons(first, second)
    db.session.commit()
    assert sorted(merged_person_ids(first)) == sorted([second.id, third.id])
    assert third_events <= {event.id for event in person_history(first)}


def test_a_person_cannot_be_merged_into_itself(app):
    person = make_person()
    with pytest.raises(MergeError):
        merge_persons(person, person)


def test_a_confirmed_duplicate_confirms_the_survivor_so_the_purge_cannot_take_it(app):
    with app.test_request_context():  # the opt-in mail's link
        waiting = make_person("Anna", "Mueller", channel=Channel.WEB)
    confirmed = make_person("Anna", "Müller", channel=Channel.PHONE)
    merge_persons(waiting, confirmed)
    db.session.commit()
    assert waiting.confirmed_at is not None
    assert waiting.consent_channel is Channel.PHONE
    statuses = db.session.scalars(sa.select(Offer.status).where(Offer.person_id == waiting.id)).all()
    assert set(statuses) == {OfferStatus.NEW}
