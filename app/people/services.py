"""Changing and finding persons: staff edits, filling gaps, merging duplicates, search.

Each function changes the session and flushes; the caller commits. The audit
trail records every change of a person by itself (app.core.audit); a merge
adds a ``person_merged`` event with what the merged person held.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.core.audit import AuditEvent, history, record
from app.core.db import utcnow
from app.core.forms import to_e164
from app.core.text import fold
from app.extensions import db
from app.offers.models import Offer, OfferStatus
from app.offers.search import REFERENCE
from app.offers.services import PersonData, confirm_person
from app.outbox.models import OutboxMessage
from app.people.duplicates import Candidate, find_duplicates, fold_name, normalise_email, similar_names
from app.people.models import Channel, Person, PersonLanguage
from app.places.services import locate

#: Person fields that attaching an offer or a merge fills in where the person has none.
FILLABLE_FIELDS = ("email", "phone", "other_languages", "skills", "travel_radius_km", "availability")
#: Person fields a staff edit replaces (the place and languages have their own setters).
EDITABLE_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "locale",
    "other_languages",
    "skills",
    "travel_radius_km",
    "availability",
)
#: A place is taken as a whole, so that a street never lands in another person's Stadtteil.
PLACE_FIELDS = ("district", "postcode", "street", "town")
CONSENT_FIELDS = ("consent_version", "consent_at", "consent_channel")
#: Columns a merge snapshot leaves out: the row id and values derived from others.
NOT_SNAPSHOTTED = frozenset({"id", "updated_at", "name_key", "email_normalised", "phone_e164", "lat", "lon", "borough"})
#: Most persons a search lists; staff narrow the query rather than page.
SEARCH_LIMIT = 50


class MergeError(ValueError):
    """The two persons cannot be merged (the same person twice)."""


@dataclass
class KnownPerson:
    """A person who may be the caller, and why (app.people.duplicates.Candidate)."""

    person: Person
    candidate: Candidate


def update_person(person: Person, data: PersonData) -> None:
    """Replace the person's own data with a staff edit; the lookup keys follow on flush."""
    for name in EDITABLE_FIELDS:
        setattr(person, name, getattr(data, name))
    set_place(person, vars(data.location))
    set_languages(person, data.languages)
    db.session.flush()


def set_place(person: Person, place: Mapping[str, Any]) -> None:
    for name in PLACE_FIELDS:
        setattr(person, name, place.get(name))
    locate(person)


def set_languages(person: Person, codes: Iterable[str]) -> None:
    """Make ``codes`` the person's languages, keeping the rows of those already there."""
    wanted = list(dict.fromkeys(codes))
    kept = [language for language in person.languages if language.code in wanted]
    known = {language.code for language in kept}
    person.languages = kept + [PersonLanguage(code=code) for code in wanted if code not in known]


def fill_gaps(person: Person, values: Mapping[str, Any], languages: Iterable[str]) -> None:
    """Take ``values`` only where the person has nothing; languages are united."""
    for name in FILLABLE_FIELDS:
        if not getattr(person, name) and values.get(name):
            setattr(person, name, values[name])
    if not (person.district or person.postcode) and (values.get("district") or values.get("postcode")):
        set_place(person, values)
    set_languages(person, [*person.language_codes, *languages])


def data_values(data: PersonData) -> dict[str, Any]:
    """What was typed about a person, flat, as :func:`fill_gaps` reads it."""
    return {**vars(data), **vars(data.location)}


def person_values(person: Person) -> dict[str, Any]:
    return {name: getattr(person, name) for name in (*FILLABLE_FIELDS, *PLACE_FIELDS)}


def record_consent(person: Person, channel: Channel, version: str) -> None:
    """The person agreed again (on the phone): the newest consent counts; the trail keeps the old one.

    A person still waiting for the web opt-in is confirmed by it, so their
    waiting offers enter the queue and the purge of unconfirmed submissions
    cannot take the person.
    """
    person.consent_version = version
    person.consent_at = utcnow()
    person.consent_channel = channel
    confirm_person(person)


def merge_persons(survivor: Person, duplicate: Person) -> None:
    """Merge ``duplicate`` into ``survivor`` and delete it; nothing it held is lost.

    The survivor keeps its values and takes the duplicate's where it has none;
    languages are united; offers (and with them their matches) and mails
    move over; a ``person_merged`` event keeps a snapshot of the duplicate,
    whose own trail stays reachable through :func:`person_history`.

    :raise MergeError: both are the same person.
    """
    if survivor.id == duplicate.id:
        raise MergeError("a person cannot be merged into itself")
    snapshot = _snapshot(duplicate)
    fill_gaps(survivor, person_values(duplicate), duplicate.language_codes)
    _keep_confirmation(survivor, duplicate)
    for offer in list(duplicate.offers):
        offer.person = survivor
    # Queued and sent mails belong to the person; ON DELETE CASCADE would take them along.
    db.session.execute(
        sa.update(OutboxMessage).where(OutboxMessage.person_id == duplicate.id).values(person_id=survivor.id)
    )
    db.session.flush()
    record("person_merged", survivor, merged_person_id=duplicate.id, merged=snapshot)
    db.session.delete(duplicate)
    db.session.flush()


def _snapshot(person: Person) -> dict[str, Any]:
    columns = sa.inspect(Person).column_attrs
    values = {attr.key: getattr(person, attr.key) for attr in columns if attr.key not in NOT_SNAPSHOTTED}
    return {**values, "languages": person.language_codes, "offers": [offer.reference for offer in person.offers]}


def _keep_confirmation(survivor: Person, duplicate: Person) -> None:
    # A confirmed duplicate's consent covers the merged person; an unconfirmed
    # survivor would otherwise be purged with every offer moved to it.
    if survivor.confirmed_at is None and duplicate.confirmed_at is not None:
        for name in CONSENT_FIELDS:
            setattr(survivor, name, getattr(duplicate, name))
        survivor.confirmed_at = duplicate.confirmed_at
    if survivor.confirmed_at is not None:
        for offer in [*survivor.offers, *duplicate.offers]:
            if offer.status is OfferStatus.UNCONFIRMED:
                offer.status = OfferStatus.NEW


def merged_person_ids(person: Person) -> list[int]:
    """Ids of every person merged into this one, also through earlier merges."""
    found: list[int] = []
    frontier = [person.id]
    while frontier:
        events = db.session.scalars(
            sa.select(AuditEvent).where(
                AuditEvent.object_type == Person.__tablename__,
                AuditEvent.action == "person_merged",
                AuditEvent.object_id.in_(frontier),
            )
        )
        frontier = [event.changes["merged_person_id"] for event in events]
        frontier = [person_id for person_id in frontier if person_id not in found and person_id != person.id]
        found.extend(frontier)
    return found


def person_history(person: Person) -> list[AuditEvent]:
    """The person's trail together with the trails of everyone merged into it, newest first."""
    return history(person, object_ids=[person.id, *merged_person_ids(person)])


def known_persons(
    name: str | None,
    phone: str | None,
    email: str | None,
    exclude: Person | None = None,
    keep: Person | None = None,
) -> list[KnownPerson]:
    """Likely existing persons with their offers loaded, strongest evidence first.

    ``exclude`` is left out (the person being merged into); ``keep`` is
    listed even when what is typed no longer points to it (a choice made).
    """
    candidates = [
        candidate
        for candidate in find_duplicates(name=name, phone=phone, email=email, limit=6)
        if exclude is None or candidate.person_id != exclude.id
    ][:5]
    if keep is not None and all(candidate.person_id != keep.id for candidate in candidates):
        candidates.insert(0, Candidate(keep.id))
    persons = _with_offers(candidate.person_id for candidate in candidates)
    return [KnownPerson(persons[c.person_id], c) for c in candidates if c.person_id in persons]


def person_by_reference(text: str) -> Person | None:
    """The person behind an offer reference (HN-2026-00123) or a person's public id."""
    text = text.strip()
    reference = REFERENCE.match(text)
    if reference:
        return db.session.scalar(sa.select(Person).join(Offer).where(Offer.id == int(reference.group(2))))
    return db.session.scalar(sa.select(Person).where(Person.public_id == text)) if text else None


def search_people(query: str) -> list[Person]:
    """Persons for a staff search: an offer reference, a phone number, a mail address or a name."""
    by_reference = person_by_reference(query)
    if by_reference:
        return [by_reference]
    e164 = to_e164(query) if any(char.isdigit() for char in query) else None
    if e164:
        return list(_with_offers(_ids_where(Person.phone_e164 == e164)).values())
    if "@" in query:
        return list(_with_offers(_ids_where(Person.email_normalised == normalise_email(query))).values())
    return list(_with_offers(_ids_by_name(query)).values())


def _ids_where(condition: sa.ColumnElement[bool]) -> list[int]:
    return list(db.session.scalars(sa.select(Person.id).where(condition).order_by(Person.id).limit(SEARCH_LIMIT)))


def _ids_by_name(query: str) -> list[int]:
    # Every typed word inside the name first ("mueller" finds all Müllers), then similar spellings.
    words = fold(query).split()
    if not words:
        return []
    containing = _ids_where(sa.and_(*(Person.name_key.contains(word, autoescape=True) for word in words)))
    similar = [person_id for person_id, _score in similar_names(fold_name(query), limit=SEARCH_LIMIT)]
    return list(dict.fromkeys([*containing, *similar]))[:SEARCH_LIMIT]


def _with_offers(ids: Iterable[int]) -> dict[int, Person]:
    """Persons by id, in the order given, with their offers loaded in one more query."""
    ids = list(ids)
    if not ids:
        return {}
    persons = db.session.scalars(sa.select(Person).where(Person.id.in_(ids)).options(selectinload(Person.offers))).all()
    by_id = {person.id: person for person in persons}
    return {person_id: by_id[person_id] for person_id in ids if person_id in by_id}
