"""What staff can search an offer by, kept in ``Offer.search_text`` on every write.

The person's name, the offer's own words and the person's skills, folded
(app.core.text.fold), so "mueller" finds "Müller". One column per offer lets
PostgreSQL answer substring searches from a trigram index at 100 000 offers.
"""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.core.text import fold
from app.offers.models import Offer
from app.people.models import Person

#: Person columns that appear in their offers' search text.
PERSON_FIELDS = ("first_name", "last_name", "skills", "email")
REFERENCE = re.compile(r"^\s*HN-(\d{4})-(\d+)\s*$", re.IGNORECASE)


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _texts(item)]
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    return []


def compose(person_values: list[str | None], description: str | None, details: Any) -> str:
    """The search text from plain values (also used by migration 0004's backfill)."""
    parts = [*person_values, description, *_texts(details)]
    return fold(" ".join(part for part in parts if part))


def search_text(offer: Offer) -> str:
    person = offer.person
    person_values = [getattr(person, name) for name in PERSON_FIELDS] if person else []
    return compose(person_values, offer.description, offer.details)


def matches(query: str) -> sa.ColumnElement[bool]:
    """Condition for a staff search: a reference (HN-2026-00123) or words, all of which must occur."""
    reference = REFERENCE.match(query)
    if reference:
        return Offer.id == int(reference.group(2))
    words = fold(query).split()
    if not words:
        return sa.true()
    return sa.and_(*(Offer.search_text.contains(word, autoescape=True) for word in words))


@sa.event.listens_for(Session, "before_flush")
def _keep_search_text(session: Session, _context, _instances) -> None:
    offers = {obj for obj in session.new | session.dirty if isinstance(obj, Offer)}
    for obj in session.dirty:
        if isinstance(obj, Person) and any(sa.inspect(obj).attrs[f].history.has_changes() for f in PERSON_FIELDS):
            offers.update(obj.offers)
    for offer in offers:
        offer.search_text = search_text(offer)
