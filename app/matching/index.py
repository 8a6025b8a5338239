"""All open offers as arrays for the scorer, built once per process and kept fresh cheaply.

The first suggestion builds the arrays with SQLAlchemy Core (no ORM objects for 100 000 rows) and
keeps them in ``app.extensions``. Every later call loads only the offers whose row or person's row
changed since the last look (``updated_at`` newer than the watermark, less :data:`CLOCK_SKEW` for
other servers' clocks): changed open offers are rewritten in place or appended, offers that left
the open set are switched off. After ``MATCHING_INDEX_MAX_AGE`` seconds, or when the taxonomy
changed, everything is built again; that also drops offers deleted outright (erasure).

A person's languages live in their own table, so changing them must bump the person's
``updated_at``: :func:`_touch_person` does that on every append to or removal from
``Person.languages`` (registered by importing this module, which app.import_models does).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterable, Mapping
from datetime import timedelta
from functools import lru_cache
from typing import Any

import numpy as np
import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Session

from app.core.db import utcnow
from app.matching.scoring import Context, OfferColumns, OfferRecord, Vocabulary
from app.normalisation.taxonomy_store import current_taxonomy
from app.offers.models import Offer, OfferKind, OfferStatus
from app.people.models import Person, PersonLanguage

EXTENSION = "helfernetz.matching_index"
OPEN_STATUSES = (OfferStatus.NEW, OfferStatus.VERIFIED)
#: Rows written by a server whose clock is behind ours by up to this much are still seen.
CLOCK_SKEW = timedelta(seconds=5)
PLACE_KINDS = (OfferKind.HOUSING, OfferKind.PREMISES)


def offer_record(row: Mapping[str, Any], languages: Iterable[str]) -> OfferRecord:
    """The scorer's view of one offer from the columns of :func:`_columns` (or an ORM offer, see below)."""
    kind = OfferKind(row["kind"])
    details = row["details"] or {}
    spoken = dict.fromkeys(languages)
    if kind is OfferKind.INTERPRETING:
        spoken.update(dict.fromkeys(entry["code"] for entry in details.get("languages", ()) if entry.get("code")))
    own_place = kind in PLACE_KINDS
    prefix = "" if own_place else "person_"
    persons = (row["quantity"] or details.get("persons")) if kind is OfferKind.HOUSING else None
    return OfferRecord(
        id=row["id"],
        kind=kind.value,
        languages=tuple(spoken),
        concepts=tuple(dict.fromkeys([*(row["concepts"] or ()), *(row["person_concepts"] or ())])),
        lat=row[prefix + "lat"],
        lon=row[prefix + "lon"],
        radius_km=None if own_place else row["travel_radius_km"],
        available_from=row["available_from"],
        available_until=row["available_until"],
        persons=persons,
        capacity=row["quantity"] or 1,
        borough=row[prefix + "borough"],
        text=" ".join(text for text in (row["description"], row["skills"]) if text),
        person_id=row["person_id"],
        alerts=bool(row["alerts"]),
    )


def record_of(offer: Offer) -> OfferRecord:
    """:func:`offer_record` for an ORM offer (one offer scored against the open needs)."""
    person = offer.person
    row = {name: getattr(offer, name) for name in _OFFER_COLUMNS}
    row.update({f"person_{name}": getattr(person, name) for name in _PERSON_PREFIXED})
    row.update({name: getattr(person, name) for name in _PERSON_PLAIN})
    row["alerts"] = bool(person.alerts_enabled and person.confirmed_at and person.email)
    return offer_record(row, person.language_codes)


_OFFER_COLUMNS = (
    "id",
    "kind",
    "status",
    "details",
    "description",
    "concepts",
    "quantity",
    "lat",
    "lon",
    "borough",
    "available_from",
    "available_until",
)
_PERSON_PREFIXED = ("id", "concepts", "lat", "lon", "borough")
_PERSON_PLAIN = ("travel_radius_km", "skills")


def _columns() -> sa.Select:
    """The offer and person columns the scorer reads.

    JSON comes as text and is parsed once per distinct value (:func:`_json`): concept lists and
    interpreting languages repeat across thousands of offers, and parsing 300 000 JSON values was
    most of a full build. Enums come as plain strings for the same reason.
    """
    offers, people = Offer.__table__, Person.__table__
    as_text = {"kind": sa.String, "status": sa.String, "concepts": sa.Text}
    wanted = offers.c.kind.in_([OfferKind.INTERPRETING.value, OfferKind.HOUSING.value])
    return sa.select(
        *(
            sa.cast(offers.c[name], as_text[name]).label(name) if name in as_text else offers.c[name]
            for name in _OFFER_COLUMNS
            if name != "details"
        ),
        sa.case((wanted, sa.cast(offers.c.details, sa.Text))).label("details"),
        *(
            (sa.cast(people.c[name], sa.Text) if name == "concepts" else people.c[name]).label(f"person_{name}")
            for name in _PERSON_PREFIXED
        ),
        *(people.c[name] for name in _PERSON_PLAIN),
        sa.and_(people.c.alerts_enabled, people.c.confirmed_at.is_not(None), people.c.email.is_not(None)).label(
            "alerts"
        ),
    ).select_from(offers.join(people, people.c.id == offers.c.person_id))


@lru_cache(maxsize=10_000)
def _json(text: str | None) -> Any:
    return json.loads(text) if text else None


def _load(session: Session, query: sa.Select) -> list[tuple[OfferRecord, bool]]:
    """Records of the selected offers, and whether each is open."""
    rows = [row._asdict() for row in session.execute(query)]
    for row in rows:
        for name in ("details", "concepts", "person_concepts"):
            row[name] = _json(row[name])
    if not rows:
        return []
    person_ids = {row["person_id"] for row in rows}
    spoken: dict[int, list[str]] = {}
    languages = PersonLanguage.__table__
    found = sa.select(languages.c.person_id, languages.c.code)
    if len(person_ids) < 1000:  # a full build reads the whole table rather than a huge IN list
        found = found.where(languages.c.person_id.in_(person_ids))
    for person_id, code in session.execute(found):
        spoken.setdefault(person_id, []).append(code)
    return [(offer_record(row, spoken.get(row["person_id"], ())), row["status"] in OPEN_STATUSES) for row in rows]


class OfferIndex:
    """The open offers' arrays, their row per offer id, and when they were last brought up to date."""

    def __init__(self, max_age: float, default_radius_km: float) -> None:
        #: Held while the arrays are refreshed and read, since refreshing changes them in place.
        self.lock = threading.Lock()
        self.max_age = max_age
        self.default_radius_km = default_radius_km
        self.columns: OfferColumns | None = None
        self.context: Context | None = None
        self.boroughs = Vocabulary()
        self.positions: dict[int, int] = {}
        self.watermark = utcnow()
        self.built_at = 0.0
        #: Seconds the last full build took.
        self.build_seconds = 0.0

    def refresh(self, session: Session) -> OfferColumns:
        """Bring the arrays up to date (call with :attr:`lock` held); the arrays."""
        started = utcnow()
        stale = time.monotonic() - self.built_at > self.max_age
        if self.columns is None or stale or self.context.taxonomy is not current_taxonomy():
            self._build(session)
        else:
            self._update(session, self.watermark - CLOCK_SKEW)
        self.watermark = started
        return self.columns

    def _build(self, session: Session) -> None:
        clock = time.perf_counter()
        self.context = Context(Vocabulary(), current_taxonomy(), self.default_radius_km)
        self.boroughs = Vocabulary()
        records = [record for record, _open in _load(session, _columns().where(Offer.status.in_(OPEN_STATUSES)))]
        self.columns = OfferColumns.build(records, self.context.languages, self.boroughs, self.context.taxonomy)
        self.positions = {record.id: position for position, record in enumerate(records)}
        self.built_at = time.monotonic()
        self.build_seconds = time.perf_counter() - clock

    def _update(self, session: Session, since) -> None:
        changed = sa.union(
            sa.select(Offer.id).where(Offer.updated_at > since),
            sa.select(Offer.id).join(Person, Person.id == Offer.person_id).where(Person.updated_at > since),
        ).subquery()
        loaded = _load(session, _columns().where(Offer.id.in_(sa.select(changed.c.id))))
        if not loaded:
            return
        for record, is_open in loaded:
            if not is_open and record.id in self.positions:
                self.columns.active[self.positions[record.id]] = False
        self.put([record for record, is_open in loaded if is_open])

    def put(self, records: list[OfferRecord]) -> None:
        """Write open offers into the arrays: in place when known, appended when new."""
        if not records:
            return
        fresh = OfferColumns.build(records, self.context.languages, self.boroughs, self.context.taxonomy)
        self.columns.widen_languages(self.context.languages.words)
        known = [(self.positions[r.id], row) for row, r in enumerate(records) if r.id in self.positions]
        if known:
            positions, rows = np.array(known).T
            self.columns.assign(positions, fresh, rows)
        new = np.array([row for row, r in enumerate(records) if r.id not in self.positions], np.int64)
        for offset, row in enumerate(new.tolist()):
            self.positions[records[row].id] = len(self.columns) + offset
        if len(new):
            self.columns.extend(fresh, new)

    def switch_off(self, offer_ids: Iterable[int]) -> None:
        """Leave out offers found gone (deleted since the last build)."""
        for offer_id in offer_ids:
            if offer_id in self.positions:
                self.columns.active[self.positions[offer_id]] = False

    def rows_of(self, offer_ids: Iterable[int]) -> list[int]:
        return [self.positions[offer_id] for offer_id in offer_ids if offer_id in self.positions]


def offer_index() -> OfferIndex:
    """This app's index, created on first use."""
    extensions = current_app.extensions
    if EXTENSION not in extensions:
        config = current_app.config
        extensions.setdefault(
            EXTENSION, OfferIndex(config["MATCHING_INDEX_MAX_AGE"], config["MATCHING_DEFAULT_RADIUS_KM"])
        )
    return extensions[EXTENSION]


@sa.event.listens_for(Person.languages, "append")
@sa.event.listens_for(Person.languages, "remove")
def _touch_person(person: Person, _language: PersonLanguage, _initiator) -> None:
    """A changed language must reach the matcher's index, which looks at ``people.updated_at``."""
    person.updated_at = utcnow()
