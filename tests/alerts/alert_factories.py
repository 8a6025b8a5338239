"""Volunteers who asked for alerts, and a public need near them (List, about 3.4 km from Linden-Nord)."""

from __future__ import annotations

import sqlalchemy as sa

from app.alerts.models import NeedAlert
from app.alerts.services import announce
from app.board.services import publish
from app.extensions import db
from app.needs.models import Need
from app.offers.models import Offer, OfferKind, OfferStatus
from app.organisations.models import Organisation
from app.outbox.models import OutboxMessage
from tests.factories import make_need, make_person

#: The need's point: the centroid of List (Stadtbezirk Vahrenwald-List).
LIST = {"district": "List", "borough": "Vahrenwald-List", "lat": 52.3906, "lon": 9.7485}


def volunteer(
    first_name: str,
    languages: tuple[str, ...] = ("de", "ar"),
    kind: OfferKind = OfferKind.INTERPRETING,
    concepts: tuple[str, ...] = ("interpreting",),
    status: OfferStatus = OfferStatus.VERIFIED,
    alerts: bool = True,
    **person_fields,
) -> Offer:
    """A confirmed person in Linden-Nord (by phone) with one verified offer who asked for alerts."""
    person_fields.setdefault("district", "Linden-Nord")
    person = make_person(first_name, "Test", languages=list(languages), kind=kind, alerts=alerts, **person_fields)
    offer = person.offers[0]
    offer.status = status
    offer.concepts = list(concepts)  # set after the normaliser read the factory's description
    db.session.flush()
    return offer


def interpreting_need(organisation: Organisation, title: str = "Dolmetschen beim Kinderarzt", **fields) -> Need:
    """An Arabic interpreting need in List, not public yet."""
    values = {"required_languages": ["ar"], "quantity": 2, **LIST, **fields}
    need = make_need(organisation, title, **values)
    need.concepts = fields.get("concepts", ["interpreting"])
    db.session.flush()
    return need


def go_public(need: Need) -> list[NeedAlert]:
    """Put the need on the board and announce it, as app.needs.services does."""
    assert publish(need, True)
    db.session.flush()
    return announce(need)


def alerted_people(need: Need) -> set[int]:
    return set(db.session.scalars(sa.select(NeedAlert.person_id).where(NeedAlert.need_id == need.id)))


def outbox(template: str | None = None) -> list[OutboxMessage]:
    query = sa.select(OutboxMessage).order_by(OutboxMessage.id)
    if template:
        query = query.where(OutboxMessage.template == template)
    return db.session.scalars(query).all()
