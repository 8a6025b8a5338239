"""100 000 open offers and 1 000 open needs for bench/matching, with Core bulk statements.

The offers and persons come from bench/backoffice_data.py (seeded, demo texts). Core inserts skip
the ORM's write-time normalisation, so what it would store is filled in here, once per distinct
text (the sample texts repeat): help concepts of offers and persons, and the point of housing and
premises offers. Every offer is made open (new or verified): the benchmark asks for 100 000 open
offers, not 100 000 of all statuses. Needs are the demo needs (app.demo.samples.NEEDS) spread over
the demo organisations, with and without dates.
"""

from __future__ import annotations

import json
import secrets
from datetime import timedelta
from random import Random
from typing import Any

import sqlalchemy as sa

from app.core.db import utcnow
from app.demo.samples import NEEDS, ORGANISATIONS
from app.extensions import db
from app.needs.models import Need, NeedStatus
from app.normalisation.concepts import resolve_concepts
from app.normalisation.places import resolve_place
from app.offers.models import Offer, OfferStatus
from app.organisations.models import Organisation
from app.people.models import Person
from bench.backoffice_data import create_indexes, drop_gin_indexes, generate

PERSONS = 20_000
OFFERS = 100_000
NEED_COUNT = 1_000
SEED = 2026


def concepts_of(text: str | None) -> list[str]:
    return list(dict.fromkeys(r.value for r in resolve_concepts(text) if r.value)) if text else []


def _set_by_text(table: sa.Table, column: str, texts: list[str | None]) -> None:
    """``UPDATE table SET concepts = ... WHERE column = text`` for each distinct text, as one statement each."""
    for text in {text for text in texts if text}:
        found = concepts_of(text)
        if found:
            db.session.execute(sa.update(table).where(table.c[column] == text).values(concepts=found))


def _normalise_offers() -> None:
    offers, people = Offer.__table__, Person.__table__
    _set_by_text(offers, "description", list(db.session.scalars(sa.select(offers.c.description).distinct())))
    _set_by_text(people, "skills", list(db.session.scalars(sa.select(people.c.skills).distinct())))
    places = db.session.execute(sa.select(offers.c.district).where(offers.c.district.is_not(None)).distinct())
    for (district,) in places:
        point = resolve_place(district)
        db.session.execute(sa.update(offers).where(offers.c.district == district).values(lat=point.lat, lon=point.lon))
    db.session.execute(
        sa.update(offers)
        .where(offers.c.status.not_in([OfferStatus.NEW.value, OfferStatus.VERIFIED.value]))
        .values(status=OfferStatus.VERIFIED.value)
    )


def _organisations() -> list[int]:
    rows = []
    for name, kind, district, mailbox in ORGANISATIONS:
        point = resolve_place(district)
        rows.append(
            {
                "name": name,
                "kind": kind,
                "district": district,
                "borough": point.borough,
                "lat": point.lat,
                "lon": point.lon,
                "email": f"{mailbox}@example.org",
                "public_id": secrets.token_urlsafe(16),
            }
        )
    db.session.execute(sa.insert(Organisation.__table__), rows)
    return list(db.session.scalars(sa.select(Organisation.id).order_by(Organisation.id)))


def _need_rows(rng: Random, organisations: list[int], count: int) -> list[dict[str, Any]]:
    today = utcnow().date()
    rows = []
    for index in range(count):
        kind, title, description, required, helpful, quantity, urgency = NEEDS[index % len(NEEDS)]
        starts = today + timedelta(days=rng.randint(0, 60)) if rng.random() < 0.5 else None
        rows.append(
            {
                "organisation_id": rng.choice(organisations),
                "kind": kind,
                "title": title,
                "description": description,
                "required_languages": required,
                "helpful_languages": helpful,
                "quantity": quantity,
                "urgency": urgency,
                "status": NeedStatus.OPEN,
                "starts_on": starts,
                "ends_on": starts + timedelta(weeks=rng.randint(1, 12)) if starts else None,
                "concepts": concepts_of(f"{title}\n{description}"),
                "external_ref": f"bench-{index}",
                "public_id": secrets.token_urlsafe(16),
            }
        )
    return rows


def generate_matching(offers: int = OFFERS, persons: int = PERSONS, needs: int = NEED_COUNT) -> None:
    """Insert persons, open offers and needs into the app's database; the caller commits."""
    indexes = drop_gin_indexes(Offer.__tablename__)
    generate(persons=persons, offers=offers, seed=SEED)
    create_indexes(indexes)
    _normalise_offers()
    db.session.execute(sa.insert(Need.__table__), _need_rows(Random(SEED), _organisations(), needs))


def describe() -> dict[str, Any]:
    """Counts that show what was measured."""
    offers = Offer.__table__
    open_offers = db.session.scalar(sa.select(sa.func.count()).where(offers.c.status.in_(["new", "verified"])))
    with_concepts = db.session.scalar(
        sa.select(sa.func.count()).where(sa.cast(offers.c.concepts, sa.Text) != json.dumps([]))
    )
    return {
        "open_offers": open_offers,
        "offers_with_concepts": with_concepts,
        "needs": db.session.scalar(sa.select(sa.func.count()).select_from(Need)),
    }
