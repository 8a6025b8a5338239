"""``flask offers purge-unconfirmed`` deletes stale, unconfirmed submissions with everything attached."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from app.core.db import utcnow
from app.extensions import db
from app.offers.models import Offer, OfferKind
from app.offers.services import OfferData, PersonData, submit_offers
from app.outbox.models import OutboxMessage
from app.people.models import Channel, Person


def add_person(name: str, channel: Channel, age_days: int) -> Person:
    person = submit_offers(
        PersonData(first_name=name, last_name="Test", email=f"{name}@example.org"),
        [OfferData(kind=OfferKind.OTHER, description="Hilfe")],
        channel,
        "test",
    )
    person.created_at = utcnow() - timedelta(days=age_days)
    return person


def test_purge_removes_only_stale_unconfirmed_submissions(app, runner):
    with app.test_request_context():
        add_person("stale", Channel.WEB, age_days=8)
        add_person("fresh", Channel.WEB, age_days=2)
        add_person("phone", Channel.PHONE, age_days=30)
        db.session.commit()
    result = runner.invoke(args=["offers", "purge-unconfirmed"])
    assert result.exit_code == 0, result.output
    assert "purged 1 unconfirmed submission" in result.output
    names = set(db.session.scalars(sa.select(Person.first_name)))
    assert names == {"fresh", "phone"}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Offer)) == 2
    recipients = set(db.session.scalars(sa.select(OutboxMessage.recipient)))
    assert recipients == {"fresh@example.org"}


def test_purge_twice_is_harmless(app, runner):
    with app.test_request_context():
        add_person("stale", Channel.WEB, age_days=8)
        db.session.commit()
    runner.invoke(args=["offers", "purge-unconfirmed"])
    result = runner.invoke(args=["offers", "purge-unconfirmed"])
    assert "purged 0 unconfirmed" in result.output
