"""Offers from a CSV file: a person per mail address, an offer per row, updated by ``ref``.

Rules, beyond the checks in ``csv_import``:
- a row whose ``ref`` is known updates that offer and its person; otherwise the
  offer goes to the person with the same mail address (in the database or
  earlier in the file), else to a new person, confirmed at once (the office
  had their consent) with the consent channel ``import``;
- the row's names and mail replace the person's; phone, skills, place,
  availability and unknown language words only when the cell is not empty;
  languages are added to the person's, never removed;
- availability is read onto the weekly grid (``read_availability``); text it
  cannot read stays verbatim at the end of the offer's description.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from app.core.audit import AuditEvent
from app.core.db import new_public_id, utcnow
from app.core.text import fold
from app.extensions import db
from app.imports.csv_import import Languages, Row, checked, languages, place, place_values, set_values
from app.normalisation.result import PlaceResolution
from app.normalisation.stored import PERSON_TEXTS, read_offer, read_texts
from app.normalisation.taxonomy_store import current_taxonomy
from app.offers.models import Offer, OfferKind, OfferStatus
from app.offers.search import PERSON_FIELDS, compose
from app.people.availability import DAYS, SLOTS, bit
from app.people.duplicates import fold_name, normalise_email
from app.people.models import Channel, Person, PersonLanguage

COLUMNS = (
    "ref",
    "kind",
    "first_name",
    "last_name",
    "email",
    "phone",
    "languages",
    "skills",
    "location",
    "availability",
    "description",
)
#: Kinds whose offer is a place of its own; the others count at the person's home.
PLACE_KINDS = frozenset({OfferKind.HOUSING, OfferKind.PREMISES})
#: Rows per query when looking up refs and addresses (SQLite's bound-parameter limit).
CHUNK = 500

_DAY_WORDS = {
    **dict.fromkeys(("mo", "mon", "montag", "montags", "monday"), ("mon",)),
    **dict.fromkeys(("di", "tue", "dienstag", "dienstags", "tuesday"), ("tue",)),
    **dict.fromkeys(("mi", "wed", "mittwoch", "mittwochs", "wednesday"), ("wed",)),
    **dict.fromkeys(("do", "thu", "donnerstag", "donnerstags", "thursday"), ("thu",)),
    **dict.fromkeys(("fr", "fri", "freitag", "freitags", "friday"), ("fri",)),
    **dict.fromkeys(("sa", "sat", "samstag", "samstags", "sonnabend", "sonnabends", "saturday"), ("sat",)),
    **dict.fromkeys(("so", "sun", "sonntag", "sonntags", "sunday"), ("sun",)),
    **dict.fromkeys(("werktags", "wochentags", "weekdays"), DAYS[:5]),
    **dict.fromkeys(("wochenende", "wochenendes", "weekend", "weekends"), DAYS[5:]),
    **dict.fromkeys(("taeglich", "jederzeit", "immer", "daily", "anytime"), DAYS),
}
_SLOT_WORDS = {
    **dict.fromkeys(("vormittag", "vormittags", "morgens", "frueh", "morning", "mornings"), ("morning",)),
    **dict.fromkeys(("nachmittag", "nachmittags", "mittags", "afternoon", "afternoons"), ("afternoon",)),
    **dict.fromkeys(("abend", "abends", "evening", "evenings"), ("evening",)),
    **dict.fromkeys(("ganztags", "ganztaegig"), SLOTS),
}
#: Words that say nothing about when ("am Wochenende", "jeden Tag", "und").
_FILLERS = frozenset(("am", "an", "jeden", "jedes", "tag", "und", "oder", "on", "at", "the", "in", "der", "die"))
_PART = re.compile(r"[,;/+]|\bund\b|\band\b")
_RANGE = re.compile(r"^(\w+)-(\w+)$")


def read_availability(text: str) -> int | None:
    """The weekly grid (app.people.availability) from text such as "Mo vormittags, Mi abends".

    Parts are split at commas, semicolons, slashes and "und"; a part names days
    (a day, a range "Mo-Fr", "werktags", "Wochenende") and/or times of day
    ("vormittags", "nachmittags", "abends"); days alone mean the whole day,
    times alone every day. ``0`` for an empty cell, ``None`` when any part
    cannot be read, so that nothing is guessed.
    """
    mask = 0
    for part in _PART.split(fold(text)):
        words = [w for w in re.findall(r"[\w-]+", part) if w not in _FILLERS]
        if not words:
            continue
        days: list[str] = []
        slots: list[str] = []
        for word in words:
            found = _days(word)
            if found:
                days.extend(found)
            elif word in _SLOT_WORDS:
                slots.extend(_SLOT_WORDS[word])
            else:
                return None
        for day in days or DAYS:
            for slot in slots or SLOTS:
                mask |= bit(day, slot)
    return mask


def _days(word: str) -> tuple[str, ...]:
    span = _RANGE.match(word)
    if span and _DAY_WORDS.get(span[1], ()) and _DAY_WORDS.get(span[2], ()):
        first, last = DAYS.index(_DAY_WORDS[span[1]][0]), DAYS.index(_DAY_WORDS[span[2]][-1])
        return DAYS[first : last + 1] if first <= last else DAYS[first:] + DAYS[: last + 1]
    return _DAY_WORDS.get(word, ())


@dataclass
class OfferRow:
    ref: str
    kind: OfferKind
    first_name: str
    last_name: str
    email: str | None
    phone: str | None
    phone_e164: str | None
    languages: Languages
    skills: str | None
    place: PlaceResolution | None
    availability: int | None
    description: str | None

    @property
    def email_key(self) -> str | None:
        return normalise_email(self.email)

    def person_values(self) -> dict[str, Any]:
        """The person's columns this row sets; empty optional cells leave what is stored."""
        values: dict[str, Any] = {"first_name": self.first_name, "last_name": self.last_name}
        if self.email:
            values.update(email=self.email, email_normalised=self.email_key)
        if self.phone:
            values.update(phone=self.phone, phone_e164=self.phone_e164)
        if self.skills:
            values["skills"] = self.skills
        if self.availability:
            values["availability"] = self.availability
        if self.languages.unresolved:
            values["other_languages"] = self.languages.unresolved
        if self.place:
            values.update(place_values(self.place))
        return values

    def offer_values(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "description": self.description,
            **place_values(self.place if self.kind in PLACE_KINDS else None),
        }


def parse(row: Row) -> OfferRow:
    values = row.values
    availability = read_availability(values["availability"])
    description = row.text("description")
    if availability is None:
        note = f"Verfügbarkeit: {values['availability']}"
        description = f"{description}\n\n{note}" if description else note
    phone, phone_e164 = row.phone("phone")
    return OfferRow(
        ref=row.text("ref", required=True, max_length=64),
        kind=row.choice("kind", OfferKind),
        first_name=row.text("first_name", required=True, max_length=100),
        last_name=row.text("last_name", required=True, max_length=100),
        email=row.email("email"),
        phone=phone,
        phone_e164=phone_e164,
        languages=languages(values["languages"]),
        skills=row.text("skills"),
        place=place(values["location"]),
        availability=availability or None,
        description=description,
    )


@dataclass(frozen=True)
class Imported:
    created: int
    updated: int


def import_offers(data: bytes) -> Imported:
    """Import every row of the file, or raise ``ImportFailed`` and write nothing. Flushes; the caller commits.

    Known offers and persons are changed through the ORM, so the audit trail
    records what changed; new ones, usually nearly all rows, are inserted in
    bulk (the ORM's unit of work would take five times as long).
    """
    rows = checked(data, COLUMNS, parse)
    offers = known(
        Offer, Offer.external_ref, [r.ref for r in rows], selectinload(Offer.person).selectinload(Person.languages)
    )
    new_rows = [r for r in rows if r.ref not in offers]
    emails = [r.email_key for r in new_rows if r.email_key]
    people = known(Person, Person.email_normalised, emails, selectinload(Person.languages))
    for row in rows:
        offer = offers.get(row.ref)
        if offer is not None:
            _update_person(offer.person, row)
            set_values(offer, row.offer_values())
        elif row.email_key in people:
            _update_person(people[row.email_key], row)
    db.session.flush()
    person_ids = {key: person.id for key, person in people.items()}
    person_ids |= _insert_people([r for r in new_rows if r.email_key not in person_ids])
    _insert_offers(new_rows, person_ids)
    return Imported(created=len(new_rows), updated=len(rows) - len(new_rows))


def known(model: type, column: sa.orm.InstrumentedAttribute, keys: list[str], *options: Any) -> dict[str, Any]:
    """Rows of ``model`` whose ``column`` is among ``keys``, by that value."""
    found = {}
    unique = list(dict.fromkeys(keys))
    for start in range(0, len(unique), CHUNK):
        query = sa.select(model).where(column.in_(unique[start : start + CHUNK])).options(*options)
        for obj in db.session.scalars(query):
            found.setdefault(getattr(obj, column.key), obj)
    return found


def _update_person(person: Person, row: OfferRow) -> None:
    set_values(person, row.person_values())
    stored = set(person.language_codes)
    person.languages.extend(PersonLanguage(code=code) for code in row.languages.codes if code not in stored)


def _person_key(row: OfferRow) -> str:
    """Rows with the same mail address are one person; rows without are one person each."""
    return row.email_key or f"ref:{row.ref}"


def _insert_people(rows: list[OfferRow]) -> dict[str, int]:
    """Insert one person per mail address (later rows win, languages add up); their ids by key."""
    now = utcnow()
    base = {
        # Bulk inserts need the same columns in every row: what a row leaves empty stays NULL.
        **dict.fromkeys(("email", "email_normalised", "phone", "phone_e164", "skills", "other_languages")),
        **place_values(None),
        "locale": "de",
        "availability": 0,
        "consent_version": current_app.config["PRIVACY_NOTICE_VERSION"],
        "consent_at": now,
        "consent_channel": Channel.IMPORT,
        "confirmed_at": now,
    }
    values: dict[str, dict[str, Any]] = {}
    codes: dict[str, dict[str, None]] = {}
    for row in rows:
        key = _person_key(row)
        values.setdefault(key, dict(base)).update(row.person_values())
        codes.setdefault(key, {}).update(dict.fromkeys(row.languages.codes))
    taxonomy = current_taxonomy()
    for key, person in values.items():
        person["name_key"] = fold_name(f"{person['first_name']} {person['last_name']}")
        # What the flush hook (app.normalisation.stored) does for rows written through the ORM.
        reading = read_texts({field: person[field] for field in PERSON_TEXTS}, taxonomy)
        person.update(concepts=reading.concepts, normalisation=reading.normalisation)
        codes[key].update(dict.fromkeys(reading.languages))
    ids = dict(zip(values, _insert(Person, list(values.values())), strict=True))
    languages = [{"person_id": ids[key], "code": code} for key, found in codes.items() for code in found]
    if languages:
        db.session.execute(sa.insert(PersonLanguage.__table__), languages)
    return ids


def _insert_offers(rows: list[OfferRow], person_ids: dict[str, int]) -> None:
    offers = []
    taxonomy = current_taxonomy()
    for row in rows:
        values = {**row.offer_values(), "details": {}, "external_ref": row.ref}
        reading = read_offer(row.description, values["details"], taxonomy)
        values.update(concepts=reading.concepts, normalisation=reading.normalisation)
        # The row holds the person's searchable fields under the same names.
        texts = [getattr(row, name) for name in PERSON_FIELDS]
        values["search_text"] = compose(texts, row.description, values["details"])
        offers.append(
            {**values, "person_id": person_ids[_person_key(row)], "status": OfferStatus.NEW, "source": Channel.IMPORT}
        )
    _insert(Offer, offers)


def _insert(model: type, rows: list[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` in bulk and record a "created" event for each, as the audit flush hook would.

    Returns the new ids in the order of ``rows``: each row gets its public id
    here and the ids come back by it, since neither backend promises the
    order of RETURNING rows (asking SQLAlchemy for it costs one statement per row on SQLite).
    """
    if not rows:
        return []
    table = model.__table__
    for row in rows:
        row["public_id"] = new_public_id()
    insert = sa.insert(table).returning(table.c.public_id, table.c.id)
    ids = dict(db.session.execute(insert, rows).all())
    now = utcnow()
    events = [
        {
            "action": "created",
            "object_type": table.name,
            "object_id": id_,
            "actor_id": None,
            "changes": {},
            "created_at": now,
        }
        for id_ in ids.values()
    ]
    db.session.execute(sa.insert(AuditEvent.__table__), events)
    return [ids[row["public_id"]] for row in rows]
