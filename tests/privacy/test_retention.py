"""``flask privacy retention``: who is anonymised, which forwarded details go, exactly at the cut-offs, once."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from app.core.db import utcnow
from app.extensions import db
from app.matching.models import Match, MatchStatus
from app.offers.models import Offer, OfferForwarding, OfferKind, OfferStatus
from app.people.models import Person
from app.privacy.services import months_before, run_retention
from tests.factories import make_match, make_need, make_offer, make_organisation, make_person

SECOND = timedelta(seconds=1)


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (datetime(2026, 11, 23, 12, 0, tzinfo=UTC), 12, datetime(2025, 11, 23, 12, 0, tzinfo=UTC)),
        (datetime(2026, 8, 31, 8, 30, tzinfo=UTC), 6, datetime(2026, 2, 28, 8, 30, tzinfo=UTC)),
        (datetime(2028, 8, 31, 8, 30, tzinfo=UTC), 6, datetime(2028, 2, 29, 8, 30, tzinfo=UTC)),
        (datetime(2027, 1, 15, tzinfo=UTC), 1, datetime(2026, 12, 15, tzinfo=UTC)),
        (datetime(2027, 3, 31, tzinfo=UTC), 13, datetime(2026, 2, 28, tzinfo=UTC)),
    ],
)
def test_months_before_counts_calendar_months(moment, months, expected):
    assert months_before(moment, months) == expected


def set_times(person: Person, moment: datetime, decided: datetime | None = None) -> None:
    """Make every activity of ``person`` happen at ``moment`` (Core, so ``onupdate`` stays out of it)."""
    db.session.flush()
    db.session.execute(sa.update(Person).where(Person.id == person.id).values(created_at=moment, updated_at=moment))
    offer_ids = [offer.id for offer in person.offers]
    db.session.execute(sa.update(Offer).where(Offer.id.in_(offer_ids)).values(created_at=moment, updated_at=moment))
    db.session.execute(sa.update(Match).where(Match.offer_id.in_(offer_ids)).values(decided_at=decided or moment))
    db.session.commit()


def make_closed_person(name: str, status: OfferStatus = OfferStatus.CLOSED) -> Person:
    person = make_person(name, "Beispiel", email=f"{name.lower()}@example.org")
    for offer in person.offers:
        offer.status = status
    return person


def erased(*persons: Person) -> list[bool]:
    db.session.expire_all()
    return [db.session.get(Person, person.id).erased_at is not None for person in persons]


@pytest.fixture
def now():
    return utcnow()


def test_persons_inactive_longer_than_the_period_are_anonymised_exactly_at_the_cut_off(app, now):
    cutoff = months_before(now, app.config["RETENTION_MONTHS"])
    just_older = make_closed_person("Alt")
    exactly = make_closed_person("Genau")
    recent = make_closed_person("Neu")
    set_times(just_older, cutoff - SECOND)
    set_times(exactly, cutoff)
    set_times(recent, now - timedelta(days=30))

    report = run_retention(now)
    db.session.commit()

    assert (report.persons, report.offers) == (1, 0)
    assert erased(just_older, exactly, recent) == [True, False, False]


def test_open_offers_and_running_matches_keep_a_person(app, now):
    old = months_before(now, app.config["RETENTION_MONTHS"]) - timedelta(days=10)
    organisation = make_organisation()
    need = make_need(organisation)
    open_offer = make_closed_person("Offen", OfferStatus.VERIFIED)
    on_hold = make_closed_person("Wartet", OfferStatus.ON_HOLD)
    running = make_closed_person("Laeuft")
    make_match(need, make_offer(running, OfferKind.INTERPRETING, status=OfferStatus.CLOSED), "active")
    finished = make_closed_person("Fertig")
    make_match(need, make_offer(finished, OfferKind.INTERPRETING, status=OfferStatus.CLOSED), "completed")
    decided_lately = make_closed_person("Spaet")
    make_match(need, make_offer(decided_lately, OfferKind.INTERPRETING, status=OfferStatus.CLOSED), "rejected")
    for person in (open_offer, on_hold, running, finished):
        set_times(person, old)
    set_times(decided_lately, old, decided=now - timedelta(days=1))

    report = run_retention(now)
    db.session.commit()

    assert report.persons == 1
    assert erased(open_offer, on_hold, running, finished, decided_lately) == [False, False, False, True, False]
    # The finished match still counts.
    assert db.session.scalar(sa.select(sa.func.count()).where(Match.status == MatchStatus.COMPLETED)) == 1


def forward(offer: Offer, moment: datetime) -> OfferForwarding:
    forwarding = OfferForwarding(
        offer=offer,
        department_key="housing",
        department_name="Fachbereich Wohnen",
        department_email="wohnen@stadt.example",
        created_at=moment,
    )
    db.session.add(forwarding)
    return forwarding


def test_forwarded_places_lose_their_details_after_the_period_exactly(app, now):
    cutoff = months_before(now, app.config["FORWARDED_DETAILS_MONTHS"])
    person = make_person("Wohnraum", "Anbieterin")
    details = {"housing_type": "apartment", "conditions": "Nur an Nichtraucher", "rooms": 2}
    old = make_offer(person, OfferKind.HOUSING, street="Lindenallee 3", description="Hell", details=dict(details))
    kept = make_offer(person, OfferKind.PREMISES, street="Marktweg 9", description="Halle", details=dict(details))
    old_forwarding = forward(old, cutoff - SECOND)
    kept_forwarding = forward(kept, cutoff)
    db.session.commit()

    report = run_retention(now)
    db.session.commit()
    db.session.expire_all()

    assert (report.persons, report.offers) == (0, 1)
    assert (old.street, old.description, old.details) == (None, None, {"housing_type": "apartment", "rooms": 2})
    assert old_forwarding.details_deleted_at is not None
    assert (kept.street, kept.description, kept.details) == ("Marktweg 9", "Halle", details)
    assert kept_forwarding.details_deleted_at is None
    assert db.session.get(Person, person.id).erased_at is None


def test_retention_twice_gives_the_same_result(app, runner, now, caplog):
    cutoff = months_before(now, app.config["RETENTION_MONTHS"])
    gone = make_closed_person("Vergessen")
    set_times(gone, cutoff - timedelta(days=1))
    housing = make_offer(make_person("Vermieter", "Beispiel"), OfferKind.HOUSING, street="Am Hang 1")
    forward(housing, months_before(now, app.config["FORWARDED_DETAILS_MONTHS"]) - timedelta(days=1))
    db.session.commit()

    caplog.set_level(logging.DEBUG)
    first = runner.invoke(args=["privacy", "retention"])
    assert first.exit_code == 0, first.output
    assert "persons anonymised 1, forwarded offers' details deleted 1" in first.output
    db.session.expire_all()
    snapshot = _state()

    second = runner.invoke(args=["privacy", "retention"])
    assert "persons anonymised 0, forwarded offers' details deleted 0" in second.output
    db.session.expire_all()
    assert _state() == snapshot
    logged = " ".join(record.getMessage() for record in caplog.records).lower()
    assert "privacy retention" in logged
    assert "vergessen" not in logged and "vermieter" not in logged and "am hang" not in logged


def _state() -> list:
    people = db.session.execute(sa.select(Person.id, Person.first_name, Person.erased_at).order_by(Person.id)).all()
    offers = db.session.execute(sa.select(Offer.id, Offer.status, Offer.street).order_by(Offer.id)).all()
    forwardings = db.session.execute(sa.select(OfferForwarding.id, OfferForwarding.details_deleted_at)).all()
    return [people, offers, forwardings]
