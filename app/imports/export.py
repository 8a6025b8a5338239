"""Offers and needs out of the database, as CSV for spreadsheets or JSON with the normalised values.

A record carries the columns the import reads (``app.imports.offers.COLUMNS``,
``app.imports.needs.COLUMNS``), written so that importing the file into an
empty database gives the same data back, and under ``normalised`` what the
office's software made of them. Rows are read with plain selects in keyset
chunks, so 100 000 offers never sit in memory as ORM objects.
"""

from __future__ import annotations

import csv
import heapq
import json
import math
import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from enum import StrEnum
from functools import lru_cache
from itertools import islice
from typing import Any, TextIO

import click
import sqlalchemy as sa

from app.extensions import db
from app.imports.csv_import import CANONICAL_PREFIX, escape_formula, place, place_values
from app.imports.offers import PLACE_KINDS
from app.needs.models import Need, NeedStatus
from app.offers.models import Offer, OfferStatus
from app.organisations.models import Organisation
from app.people.availability import DAYS, SLOTS, bit, decode
from app.people.models import Person, PersonLanguage

#: Rows per query (also the length of the IN list for languages, within SQLite's parameter limit).
CHUNK = 500
LOCATION = ("postcode", "town", "district", "borough", "lat", "lon")
#: Unconfirmed web submissions have no confirmed consent yet: exported only when asked for.
DEFAULT_OFFER_STATUSES = tuple(s for s in OfferStatus if s is not OfferStatus.UNCONFIRMED)
DEFAULT_NEED_STATUSES = tuple(NeedStatus)

#: Words ``read_availability`` reads back.
_DAY_ABBREVIATIONS = dict(zip(DAYS, ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"), strict=True))
_SLOT_WORDS = dict(zip(SLOTS, ("vormittags", "nachmittags", "abends"), strict=True))

Record = dict[str, Any]


def offer_ref(offer: Any) -> str:
    """How files name an offer (an Offer or a row with id, created_at and external_ref).

    The caller's own ref from the import, else its reference (HN-2026-00123).
    """
    # Offer.reference reads only id and created_at.
    return offer.external_ref or Offer.reference.fget(offer)


def need_ref(need: Any) -> str:
    """How files name a need: the caller's own ref from the import, else its public id."""
    return need.external_ref or need.public_id


def offer_records(statuses: Iterable[OfferStatus] = DEFAULT_OFFER_STATUSES) -> Iterator[Record]:
    """Every offer with one of ``statuses``, oldest first, with its person's columns."""
    query = sa.select(
        Offer.id,
        Offer.created_at,
        Offer.external_ref,
        Offer.kind,
        Offer.status,
        Offer.description,
        Offer.concepts,
        *(getattr(Offer, name).label(f"offer_{name}") for name in LOCATION),
        Offer.person_id,
        Person.first_name,
        Person.last_name,
        Person.email,
        Person.phone,
        Person.skills,
        Person.other_languages,
        Person.availability,
        Person.concepts.label("person_concepts"),
        *(getattr(Person, name) for name in LOCATION),
    ).join(Person, Offer.person)
    for rows in _chunks(query, Offer, statuses):
        languages = _languages({row.person_id for row in rows})
        for row in rows:
            yield _offer_record(row, languages.get(row.person_id, []))


def _offer_record(row: sa.Row, codes: list[str]) -> Record:
    # Housing and premises are offered where they are; other help where the person lives.
    prefix = "offer_" if row.kind in PLACE_KINDS else ""
    where = {name: getattr(row, prefix + name) for name in LOCATION}
    return {
        "ref": offer_ref(row),
        "kind": row.kind.value,
        "first_name": row.first_name,
        "last_name": row.last_name,
        "email": row.email,
        "phone": row.phone,
        "languages": ", ".join(filter(None, (*codes, row.other_languages))),
        "skills": row.skills,
        "location": location_text(where),
        "availability": availability_text(row.availability),
        "description": row.description,
        "normalised": {
            "status": row.status.value,
            "languages": codes,
            "concepts": sorted({*row.concepts, *row.person_concepts}),
            "availability": _grid(row.availability),
            **where,
        },
    }


def need_records(statuses: Iterable[NeedStatus] = DEFAULT_NEED_STATUSES) -> Iterator[Record]:
    """Every need with one of ``statuses``, oldest first, with its organisation's name."""
    query = sa.select(
        Need.id,
        Need.public_id,
        Need.created_at,
        Need.external_ref,
        Organisation.name.label("organisation"),
        Need.kind,
        Need.title,
        Need.description,
        Need.required_languages,
        Need.helpful_languages,
        Need.skills,
        Need.quantity,
        Need.urgency,
        Need.status,
        Need.concepts,
        *(getattr(Need, name) for name in LOCATION),
    ).join(Organisation, Need.organisation)
    for rows in _chunks(query, Need, statuses):
        for row in rows:
            yield _need_record(row)


def _need_record(row: sa.Row) -> Record:
    where = {name: getattr(row, name) for name in LOCATION}
    return {
        "ref": need_ref(row),
        "organisation": row.organisation,
        "kind": row.kind.value,
        "title": row.title,
        "description": row.description,
        # The import has one languages column, and it reads it as the required ones.
        "languages": ", ".join(row.required_languages),
        "skills": row.skills,
        "location": location_text(where),
        "quantity": row.quantity,
        "urgency": row.urgency.value,
        "normalised": {
            "status": row.status.value,
            "languages": row.required_languages,
            "helpful_languages": row.helpful_languages,
            "concepts": row.concepts,
            **where,
        },
    }


def _chunks(query: sa.Select, model: type[Offer] | type[Need], statuses: Iterable[StrEnum]) -> Iterator[list[sa.Row]]:
    """The rows of ``query`` with one of ``statuses``, oldest first, in lists of :data:`CHUNK`.

    Each state is read as its own keyset range over (status, created_at, id),
    the order of ``ix_offers_status_created``, and the ranges are merged: a
    single ``status IN (…)`` query would sort every matching row for each chunk.
    """
    ranges = [_range(query.where(model.status == status), model) for status in dict.fromkeys(statuses)]
    rows = heapq.merge(*ranges, key=lambda row: (row.created_at, row.id))
    while chunk := list(islice(rows, CHUNK)):
        yield chunk


def _range(query: sa.Select, model: type[Offer] | type[Need]) -> Iterator[sa.Row]:
    position = sa.tuple_(model.created_at, model.id)
    last = None
    while True:
        page = query if last is None else query.where(position > (last.created_at, last.id))
        rows = db.session.execute(page.order_by(model.created_at, model.id).limit(CHUNK)).all()
        yield from rows
        if len(rows) < CHUNK:
            return
        last = rows[-1]


def _languages(person_ids: set[int]) -> dict[int, list[str]]:
    query = (
        sa.select(PersonLanguage.person_id, PersonLanguage.code)
        .where(PersonLanguage.person_id.in_(person_ids))
        .order_by(PersonLanguage.person_id, PersonLanguage.code)
    )
    found: dict[int, list[str]] = {}
    for person_id, code in db.session.execute(query):
        found.setdefault(person_id, []).append(code)
    return found


# Few distinct grids occur, and reading one bit by bit is the slowest part of a row.
@lru_cache(maxsize=4096)
def availability_text(mask: int) -> str:
    """'Mo Mi vormittags, Sa' from the weekly grid: days with the same times together, a whole day by its name alone."""
    days_by_slots: dict[tuple[str, ...], list[str]] = {}
    for day in DAYS:
        slots = tuple(slot for slot in SLOTS if mask & bit(day, slot))
        if slots:
            days_by_slots.setdefault(slots, []).append(_DAY_ABBREVIATIONS[day])
    parts = [
        " ".join(days + ([] if slots == SLOTS else [_SLOT_WORDS[slot] for slot in slots]))
        for slots, days in days_by_slots.items()
    ]
    return ", ".join(parts)


@lru_cache(maxsize=4096)
def _grid(mask: int) -> tuple[str, ...]:
    return tuple(decode(mask))


def location_text(where: Mapping[str, Any]) -> str | None:
    """Words for a stored place that the import reads back as the same place, point included.

    "30451 Linden-Nord" gives the Stadtteil's centre, "30451" alone the
    postcode's: the first wording that reproduces what is stored wins.
    """
    return _location_text(*(where[name] for name in LOCATION))


@lru_cache(maxsize=4096)
def _location_text(*stored: Any) -> str | None:
    postcode, town, district, borough = stored[:4]
    name = district or borough or town
    full = " ".join(filter(None, (postcode, name))) or None
    for text in dict.fromkeys((full, postcode, name)):
        if text and _same_place(place_values(place(text)), dict(zip(LOCATION, stored, strict=True))):
            return text
    return full


def _same_place(read: Mapping[str, Any], stored: Mapping[str, Any]) -> bool:
    for name in LOCATION:
        a, b = read[name], stored[name]
        if isinstance(a, float) and isinstance(b, float) and math.isclose(a, b, abs_tol=1e-6):
            continue
        if a != b:
            return False
    return True


def write_csv(records: Iterable[Record], columns: tuple[str, ...], out: TextIO) -> int:
    """The records' ``columns``, then their normalised values, as CSV with a header row; returns how many rows.

    The canonical values stand beside the verbatim ones as ``canonical_…`` columns (lists space-separated);
    the import skips those, so the file still imports as it is. Formulas are defused.
    """
    writer = csv.writer(out)
    count = 0
    for record in records:
        canonical = {f"{CANONICAL_PREFIX}{key}": value for key, value in record["normalised"].items()}
        if count == 0:
            writer.writerow([*columns, *canonical])
        cells = [record[name] for name in columns] + [_cell(value) for value in canonical.values()]
        writer.writerow([escape_formula("" if cell is None else str(cell)) for cell in cells])
        count += 1
    if count == 0:
        writer.writerow(columns)
    return count


def _cell(value: Any) -> Any:
    return " ".join(map(str, value)) if isinstance(value, list | tuple) else value


def write_json(records: Iterable[Record], out: TextIO) -> int:
    """The records as a JSON array, one record per line as it is read; returns how many."""
    count = 0
    out.write("[")
    for record in records:
        out.write(("\n" if count == 0 else ",\n") + json.dumps(record, ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


@contextmanager
def open_output(path: str | None) -> Iterator[TextIO]:
    """``path`` opened for writing UTF-8, readable by its owner only (it holds personal data); stdout for None."""
    if path is None:
        with click.open_file("-", "w", encoding="utf-8") as out:
            yield out
        return
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)  # an existing file would keep its old mode
    with open(descriptor, "w", encoding="utf-8", newline="") as out:
        yield out
