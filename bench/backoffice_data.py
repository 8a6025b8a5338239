"""Many persons and offers, fast, for the back-office benchmark and the 100 000-offer test.

Core bulk inserts (``session.execute(sa.insert(Model), rows)``) skip the ORM's
flush hooks, so what those hooks keep (search text, Stadtbezirk, folded name)
is filled in here. Names and offers come from the demo data's samples
(app.demo), seeded, so every run yields the same rows apart from the dates,
which count back from ``now``.
"""

from __future__ import annotations

import json
import secrets
from bisect import bisect_right
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from itertools import accumulate
from random import Random
from typing import Any

import sqlalchemy as sa

from app.core.db import utcnow
from app.demo.data import OFFER_BUILDERS, Profile
from app.demo.samples import KIND_WEIGHTS, ORIGINS, SKILLS
from app.extensions import db
from app.offers.models import Offer, OfferKind, OfferStatus
from app.offers.search import PERSON_FIELDS, compose
from app.offers.services import OfferData
from app.people.duplicates import fold_name
from app.people.models import Channel, Person, PersonLanguage
from app.places.services import gazetteer

PERSONS = 20_000
OFFERS = 100_000
SEED = 2026
#: Offers arrive over this many days before ``now``.
SPAN_DAYS = 730
#: consent_version of generated persons, which tells them from any others.
MARKER = "generated"
#: Rows per INSERT statement batch; bounds the memory of one executemany.
BATCH = 10_000

STATUS_WEIGHTS = {
    OfferStatus.NEW: 8,
    OfferStatus.VERIFIED: 50,
    OfferStatus.ON_HOLD: 4,
    OfferStatus.WITHDRAWN: 8,
    OfferStatus.CLOSED: 25,
    OfferStatus.UNCONFIRMED: 5,
}
SOURCE_WEIGHTS = {Channel.WEB: 60, Channel.PHONE: 25, Channel.MAIL: 10, Channel.IMPORT: 5}


@dataclass
class Generated:
    persons: int
    offers: int
    person_ids: list[int]


@dataclass
class _Person:
    id: int
    #: The person's part of app.offers.search's search text.
    folded: str
    profile: Profile


class Weighted:
    """A weighted draw with the cumulative weights summed once, not per call (100 000 calls)."""

    def __init__(self, weights: dict) -> None:
        self.values = list(weights)
        self.cumulative = list(accumulate(weights.values()))

    def draw(self, rng: Random) -> Any:
        return self.values[bisect_right(self.cumulative, rng.random() * self.cumulative[-1])]


STATUSES = Weighted(STATUS_WEIGHTS)
SOURCES = Weighted(SOURCE_WEIGHTS)
KINDS = Weighted(KIND_WEIGHTS)
KINDS_GERMAN_ONLY = Weighted(
    {kind: weight for kind, weight in KIND_WEIGHTS.items() if kind is not OfferKind.INTERPRETING}
)


def _person_row(rng: Random, index: int, created_at: datetime) -> tuple[dict[str, Any], Profile]:
    origin = rng.choices(ORIGINS, weights=[o.weight for o in ORIGINS])[0]
    sex = rng.choice("fm")
    first = rng.choice(origin.women if sex == "f" else origin.men)
    last = rng.choice(origin.last_names)
    languages = {rng.choice(origin.native): "native", "de": "fluent"}
    languages.update({code: level for code, level, chance in origin.extra if rng.random() < chance})
    district = rng.choice(gazetteer().districts)
    email = f"person{index}@example.org"
    phone = f"0511 {1000000 + index}"
    row = {
        "first_name": first,
        "last_name": last,
        "name_key": fold_name(f"{first} {last}"),
        "email": email,
        "email_normalised": email,
        "phone": phone,
        "phone_e164": f"+49511{1000000 + index}",
        "skills": rng.choice(SKILLS)[0] if rng.random() < 0.6 else None,
        "district": district.name,
        "postcode": rng.choice(district.postcodes),
        "borough": district.borough,
        "lat": district.lat,
        "lon": district.lon,
        "consent_version": MARKER,
        "consent_at": created_at,
        "consent_channel": Channel.PHONE,
        "confirmed_at": created_at,
        "created_at": created_at,
        "updated_at": created_at,
        "public_id": secrets.token_urlsafe(16),
    }
    return row, Profile(sex, languages)


def _place_columns(data: OfferData) -> dict[str, Any]:
    """The offered place; the same keys for every row, since an executemany takes its columns from the first."""
    if data.location is None:
        return dict.fromkeys(("district", "postcode", "street", "borough"))
    places = gazetteer()
    district = places.district(data.location.district)
    return {
        "district": data.location.district,
        "postcode": data.location.postcode,
        "street": data.location.street,
        "borough": district.borough if district else places.borough_of_postcode(data.location.postcode),
    }


def _offer_row(rng: Random, person: _Person, created_at: datetime) -> dict[str, Any]:
    # German only: nothing to interpret into.
    kinds = KINDS if len(person.profile.languages) > 1 else KINDS_GERMAN_ONLY
    data = OFFER_BUILDERS[kinds.draw(rng)](rng, person.profile, created_at.date())
    return {
        "person_id": person.id,
        "kind": data.kind,
        "status": STATUSES.draw(rng),
        "source": SOURCES.draw(rng),
        "details": data.details,
        "description": data.description,
        "quantity": data.quantity,
        "available_from": data.available_from,
        "available_until": data.available_until,
        "search_text": _search_text(person, data),
        "created_at": created_at,
        "updated_at": created_at,
        "public_id": secrets.token_urlsafe(16),
        **_place_columns(data),
    }


@cache
def _folded_offer_text(description: str | None, details: str) -> str:
    return compose([], description, json.loads(details))


def _search_text(person: _Person, data: OfferData) -> str:
    """app.offers.search.compose in two cached halves (folding works per character, so the halves join).

    Folding 100 000 whole texts is most of the generator's time; persons and
    sample texts repeat.
    """
    offer_text = _folded_offer_text(data.description, json.dumps(data.details, sort_keys=True))
    return " ".join(part for part in (person.folded, offer_text) if part)


def _times(rng: Random, count: int, now: datetime) -> list[datetime]:
    """Arrival times in order, so that ids grow with time as they do in production."""
    return sorted(now - timedelta(seconds=rng.uniform(0, SPAN_DAYS * 86400)) for _ in range(count))


def _insert(model, rows: list[dict[str, Any]]) -> None:
    if any(row.keys() != rows[0].keys() for row in rows):
        # executemany takes the columns from the first row and drops the others' extra keys silently.
        raise ValueError(f"rows for {model.__tablename__} differ in their keys")
    for start in range(0, len(rows), BATCH):
        db.session.execute(sa.insert(model.__table__), rows[start : start + BATCH])


def _person_ids(rows: list[dict[str, Any]]) -> list[int]:
    # One SELECT instead of RETURNING: SQLAlchemy's sorted RETURNING costs seconds per 20 000 rows.
    ids = dict(db.session.execute(sa.select(Person.public_id, Person.id).where(Person.consent_version == MARKER)).all())
    return [ids[row["public_id"]] for row in rows]


def drop_gin_indexes(table: str) -> list[str]:
    """On PostgreSQL, drop the table's GIN (trigram) indexes; their definitions, to create them again.

    Keeping a trigram index up to date row by row makes a bulk load about
    twice as slow as building it once afterwards. The definitions come from
    the catalogue, so :func:`create_indexes` restores them exactly as the
    migrations made them. Other databases have none: nothing happens.
    """
    if db.session.get_bind().dialect.name != "postgresql":
        return []
    found = db.session.execute(
        sa.text("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = :table AND indexdef LIKE '%USING gin%'"),
        {"table": table},
    ).all()
    for name, _definition in found:
        db.session.execute(sa.text(f'DROP INDEX "{name}"'))
    return [definition for _name, definition in found]


def create_indexes(definitions: list[str]) -> None:
    for definition in definitions:
        db.session.execute(sa.text(definition))


def generate(persons: int = PERSONS, offers: int = OFFERS, now: datetime | None = None, seed: int = SEED) -> Generated:
    """Insert ``persons`` with their languages and ``offers`` spread over them; the caller commits.

    On PostgreSQL call :func:`drop_gin_indexes` first and :func:`create_indexes` after.
    """
    rng = Random(seed)
    now = now or utcnow()
    person_times = _times(rng, persons, now - timedelta(days=1))
    rows, profiles = zip(*(_person_row(rng, i, t) for i, t in enumerate(person_times)), strict=True)
    _insert(Person, list(rows))
    ids = _person_ids(rows)
    people = [
        _Person(pid, compose([row[name] for name in PERSON_FIELDS], None, None), profile)
        for pid, row, profile in zip(ids, rows, profiles, strict=True)
    ]
    _insert(PersonLanguage, [{"person_id": p.id, "code": code} for p in people for code in p.profile.languages])
    offer_rows = []
    for created_at in _times(rng, offers, now):
        # Offers of a person come after the person; pick among those who exist by then.
        known = max(1, bisect_right(person_times, created_at))
        offer_rows.append(_offer_row(rng, people[rng.randrange(known)], created_at))
    _insert(Offer, offer_rows)
    return Generated(persons=persons, offers=offers, person_ids=ids)
