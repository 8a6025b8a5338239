"""Art. 17: erasure leaves no trace of the person in any column of any table, and the counts stay."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from app.accounts.models import Role
from app.alerts.models import NeedAlert
from app.core.audit import AuditEvent, record
from app.extensions import db
from app.feedback.models import FeedbackAnswer, FeedbackSide, MatchFeedback
from app.matching import decisions
from app.matching.models import Match, MatchStatus
from app.offers.models import Offer, OfferKind, OfferNote, OfferStatus
from app.outbox.models import OutboxMessage, OutboxStatus
from app.outbox.services import render
from app.people.models import Person
from app.people.services import merge_persons
from app.places.services import locate
from app.privacy.services import ERASED_NAME, erase_person
from tests.factories import make_need, make_offer, make_organisation, make_person, make_user

FIRST = "Zyprian"
LAST = "Quirrenbach"
EMAIL = "Zyprian.Quirrenbach@Beispiel-Post.de"
PHONE = "0511 7654321"
#: What must not be found anywhere, in any spelling the app stores (lower case, folded, E.164, digits).
NEEDLES = ("zyprian", "quirrenbach", "beispiel-post", "7654321", "76 54 321", "quirrenbachweg")


def haystack(value) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False).lower() + " " + str(value).lower()
    return str(value).lower()


def traces() -> list[str]:
    """``table.column`` of every value, in every table, that holds one of the needles."""
    found = []
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            for row in connection.execute(sa.select(table)).mappings():
                for column, value in row.items():
                    text = haystack(value)
                    found += [f"{table.name}.{column}: {needle}" for needle in NEEDLES if needle in text]
    return found


def totals() -> dict:
    by_kind = dict(db.session.execute(sa.select(Offer.kind, sa.func.count()).group_by(Offer.kind)).all())
    return {
        "persons": db.session.scalar(sa.select(sa.func.count()).select_from(Person)),
        "offers_by_kind": {str(kind): n for kind, n in by_kind.items()},
        "matches": db.session.scalar(sa.select(sa.func.count()).select_from(Match)),
        "approved": db.session.scalar(
            sa.select(sa.func.count()).select_from(Match).where(Match.status == MatchStatus.APPROVED)
        ),
        "alerts": db.session.scalar(sa.select(sa.func.count()).select_from(NeedAlert)),
        "feedback": db.session.scalar(sa.select(sa.func.count()).select_from(MatchFeedback)),
    }


@pytest.fixture
def world(app):
    coordinator = make_user(Role.COORDINATOR)
    organisation = make_organisation(email="kontakt@listholze.example", contact_name="Sara Yilmaz")
    need = make_need(organisation, title="Dolmetschen beim Kinderarzt", kind=OfferKind.INTERPRETING)
    other_need = make_need(organisation, title="Wohnung für Familie", kind=OfferKind.HOUSING)
    person = make_person(
        FIRST,
        LAST,
        email=EMAIL,
        phone=PHONE,
        skills=f"Ich heiße {FIRST} und spreche Arabisch",
        other_languages="etwas Kurmanci",
    )
    person.street = "Quirrenbachweg 7"
    person.alerts_enabled = True
    interpreting = make_offer(person, OfferKind.INTERPRETING, description=f"Fragen Sie nach {FIRST} {LAST}")
    housing = make_offer(
        person,
        OfferKind.HOUSING,
        description=f"Einliegerwohnung bei {LAST}",
        details={"housing_type": "apartment", "conditions": f"Bitte {PHONE} anrufen", "furnished": True},
        street="Quirrenbachweg 7",
        postcode="30159",
        district="Mitte",
    )
    locate(housing)
    db.session.add(OfferNote(offer=interpreting, author=coordinator, text=f"{FIRST} ruft morgen zurück"))
    record("note_added", interpreting, actor=coordinator, text=f"{FIRST} ruft morgen zurück")

    # A duplicate with the same person's other address, merged in: the snapshot holds it.
    duplicate = make_person(FIRST, f"{LAST}-Meyer", email="z.quirrenbach@beispiel-post.de", phone="0176 7654321")
    db.session.flush()
    merge_persons(person, duplicate)

    # An edit the trail keeps with old and new values.
    person.phone = "0511 76 54 321"
    db.session.flush()

    approved = decisions.propose(need, interpreting, coordinator)
    decisions.approve(approved, coordinator)
    decisions.propose(other_need, housing, coordinator)  # stays proposed
    db.session.add(
        MatchFeedback(
            match=approved, side=FeedbackSide.VOLUNTEER, answer=FeedbackAnswer.YES, comment=f"Danke, {FIRST}!"
        )
    )
    db.session.add(NeedAlert(need=other_need, person=person, offer=housing, score=80))
    db.session.flush()
    # One mail delivered (bodies kept), the others still queued.
    messages = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()
    for message in messages:
        render(message)
    messages[0].status = OutboxStatus.SENT
    db.session.commit()
    return {"person": person, "coordinator": coordinator}


def test_the_world_holds_the_person_everywhere_before(world):
    found = traces()
    tables = {trace.split(".")[0] for trace in found}
    assert {"people", "offers", "offer_notes", "outbox_messages", "audit_events", "match_feedback"} <= tables


def test_erasure_leaves_no_trace_and_keeps_the_counts(world):
    before = totals()
    person = world["person"]
    assert erase_person(person, world["coordinator"]) is True
    db.session.commit()

    assert traces() == []
    after = totals()
    assert after == before
    assert after["approved"] == 1


def test_what_erasure_leaves_for_reports_and_the_office(world):
    person = world["person"]
    public_id = person.public_id
    erase_person(person, world["coordinator"])
    db.session.commit()
    db.session.expire_all()

    person = db.session.scalar(sa.select(Person).where(Person.public_id == public_id))
    assert (person.first_name, person.last_name) == (ERASED_NAME, ERASED_NAME)
    assert person.email is person.phone is person.email_normalised is person.phone_e164 is None
    assert person.erased_at is not None
    assert person.alerts_enabled is False
    assert person.consent_version  # when and how they agreed stays (accountability)
    offers = {offer.kind: offer for offer in person.offers}
    housing = offers[OfferKind.HOUSING]
    assert housing.district == "Mitte" and housing.borough  # Stadtteil and Stadtbezirk count in reports
    assert housing.street is None and housing.description is None
    assert housing.details == {"housing_type": "apartment", "furnished": True}
    assert {offer.status for offer in person.offers} == {OfferStatus.WITHDRAWN}
    statuses = sorted(match.status for offer in person.offers for match in offer.matches)
    assert statuses == [MatchStatus.APPROVED, MatchStatus.REJECTED]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OfferNote)) == 0
    # Queued mails are gone; the delivered one stays as a dated row without address or text.
    mails = db.session.scalars(sa.select(OutboxMessage)).all()
    assert [(mail.status, mail.recipient, mail.body_text) for mail in mails] == [(OutboxStatus.SENT, "", None)]
    erased = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "person_erased")).all()
    assert [(event.object_id, event.actor_id, event.changes) for event in erased] == [
        (person.id, world["coordinator"].id, {})
    ]


def test_erasure_is_idempotent(world):
    person = world["person"]
    assert erase_person(person, None) is True
    db.session.commit()
    events = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
    assert erase_person(db.session.get(Person, person.id), None) is False
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == events


def test_the_person_page_still_opens_after_erasure(world, client):
    from tests.factories import log_in

    person = world["person"]
    erase_person(person, world["coordinator"])
    db.session.commit()
    log_in(client, world["coordinator"])
    page = client.get(f"/intern/personen/{person.public_id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert ERASED_NAME in text
    assert all(needle not in text.lower() for needle in NEEDLES)
