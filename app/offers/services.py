"""Submitting, confirming and purging offers; the views, the hotline and imports call these."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app, url_for

from app.core.db import utcnow
from app.core.tokens import InvalidToken, make_token, read_token
from app.extensions import db
from app.offers.models import Offer, OfferKind, OfferStatus
from app.outbox.services import enqueue
from app.people.duplicates import refresh_lookup_keys
from app.people.models import Channel, Person, PersonLanguage
from app.places.services import locate

OPT_IN_PURPOSE = "offer-opt-in"


@dataclass
class Location:
    district: str | None = None
    postcode: str | None = None
    street: str | None = None
    town: str | None = None


@dataclass
class PersonData:
    first_name: str
    last_name: str
    email: str | None
    phone: str | None = None
    locale: str = "de"
    languages: list[str] = field(default_factory=list)
    other_languages: str | None = None
    skills: str | None = None
    location: Location = field(default_factory=Location)
    travel_radius_km: int | None = None
    availability: int = 0
    #: Asked to be told of fitting needs on the board (app.alerts).
    alerts: bool = False


@dataclass
class OfferData:
    kind: OfferKind
    details: dict[str, Any] = field(default_factory=dict)
    description: str | None = None
    quantity: int | None = None
    available_from: date | None = None
    available_until: date | None = None
    #: The offered place itself (housing, premises); ``None`` for other kinds.
    location: Location | None = None


def _place(target, location: Location) -> None:
    target.district = location.district
    target.postcode = location.postcode
    target.street = location.street
    target.town = location.town
    locate(target)


def _new_person(data: PersonData, channel: Channel, consent_version: str) -> Person:
    now = utcnow()
    person = Person(
        first_name=data.first_name,
        last_name=data.last_name,
        email=data.email,
        phone=data.phone,
        locale=data.locale,
        other_languages=data.other_languages,
        skills=data.skills,
        travel_radius_km=data.travel_radius_km,
        availability=data.availability,
        consent_version=consent_version,
        consent_at=now,
        consent_channel=channel,
        # Only web submissions prove the mail address by opt-in; staff heard the caller.
        confirmed_at=None if channel is Channel.WEB else now,
        alerts_enabled=data.alerts,
        alerts_changed_at=now if data.alerts else None,
        languages=[PersonLanguage(code=code) for code in dict.fromkeys(data.languages)],
    )
    refresh_lookup_keys(person)
    _place(person, data.location)
    return person


def _new_offer(data: OfferData, channel: Channel, status: OfferStatus) -> Offer:
    offer = Offer(
        kind=data.kind,
        status=status,
        source=channel,
        details=data.details,
        description=data.description,
        quantity=data.quantity,
        available_from=data.available_from,
        available_until=data.available_until,
    )
    if data.location:
        _place(offer, data.location)
    return offer


def submit_offers(
    person_data: PersonData,
    offers: list[OfferData],
    channel: Channel,
    consent_version: str,
) -> Person:
    """Store one person and their offers; web submissions wait for the opt-in.

    Flushes and queues the opt-in mail in the same transaction; the caller commits.
    """
    if not offers:
        raise ValueError("a submission needs at least one offer")
    person = _new_person(person_data, channel, consent_version)
    status = OfferStatus.UNCONFIRMED if channel is Channel.WEB else OfferStatus.NEW
    person.offers = [_new_offer(offer, channel, status) for offer in offers]
    db.session.add(person)
    db.session.flush()
    if channel is Channel.WEB and person.email:
        _queue_opt_in_mail(person)
    return person


def add_offers(person: Person, offers: list[OfferData], channel: Channel) -> list[Offer]:
    """Add offers to a person already known; they wait for the opt-in only while the person does.

    Flushes; the caller commits. Returns the new offers (with their references).
    """
    status = OfferStatus.NEW if person.confirmed_at else OfferStatus.UNCONFIRMED
    added = [_new_offer(offer, channel, status) for offer in offers]
    person.offers.extend(added)
    db.session.flush()
    return added


def _queue_opt_in_mail(person: Person) -> None:
    token = make_token(OPT_IN_PURPOSE, person.public_id)
    enqueue(
        person.email,
        "offer_opt_in",
        person.locale,
        person_id=person.id,
        name=person.full_name,
        offers=[{"kind": offer.kind.value, "reference": offer.reference} for offer in person.offers],
        confirm_url=url_for("offers.confirm", token=token, _external=True),
        days=current_app.config["OPT_IN_DAYS"],
    )


def person_for_opt_in(token: str) -> Person:
    """The person an opt-in link belongs to.

    :raise ExpiredToken: the link is older than the opt-in period.
    :raise InvalidToken: the link was altered, or the submission is gone.
    """
    max_age = current_app.config["OPT_IN_DAYS"] * 86400
    public_id = read_token(OPT_IN_PURPOSE, token, max_age)
    person = db.session.scalar(sa.select(Person).where(Person.public_id == public_id))
    if person is None:
        raise InvalidToken
    return person


def confirm_person(person: Person) -> bool:
    """Confirm the mail address; the waiting offers enter the office's queue.

    Returns ``False`` when it was confirmed before (the link works once).
    """
    if person.confirmed_at is not None:
        return False
    person.confirmed_at = utcnow()
    for offer in person.offers:
        if offer.status is OfferStatus.UNCONFIRMED:
            offer.status = OfferStatus.NEW
    return True


def purge_unconfirmed(older_than: timedelta) -> int:
    """Delete web submissions whose opt-in never came; returns how many persons."""
    cutoff = utcnow() - older_than
    stale = sa.select(Person.id).where(Person.confirmed_at.is_(None), Person.created_at < cutoff)
    # Offers, languages and queued mails go with the person (ON DELETE CASCADE).
    result = db.session.execute(
        sa.delete(Person).where(Person.id.in_(stale)).execution_options(synchronize_session=False)
    )
    return result.rowcount
