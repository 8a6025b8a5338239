"""Free texts of people, offers and needs read at write time and kept beside the text.

``normalisation`` holds, per source field, what each piece of text was read as::

    {"skills": [{"text": "Deutschuntericht", "value": "german_lessons", "confidence": 100,
                 "method": "alias", "alternatives": [], "corrected": false}]}

``concepts`` (and, for people, their languages) take only what was read with
confidence or confirmed by staff; the rest waits in ``normalisation`` for a
look. A staff correction (``corrected``) is kept on every re-reading while its
text is still in the field. A flush hook reads whatever changed, whoever wrote
it (forms, hotline, edits); the CSV import calls :func:`read_texts` for the
rows it inserts in bulk.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.core.audit import record
from app.needs.models import Need
from app.normalisation.concepts import Taxonomy
from app.normalisation.languages import resolve_languages
from app.normalisation.result import REVIEW_BELOW, Resolution
from app.normalisation.taxonomy_store import current_taxonomy
from app.offers.models import Offer
from app.people.models import Person, PersonLanguage

Entry = dict[str, Any]
#: Fields read as languages; every other field is read as help concepts.
LANGUAGE_FIELDS = frozenset({"other_languages"})
PERSON_TEXTS = ("other_languages", "skills")
NEED_TEXTS = ("title", "skills", "description")
#: Offer details holding free text (the other details are ticked options, see OPTION_CONCEPTS).
OFFER_DETAIL_TEXTS = ("conditions",)
OFFER_TEXTS = ("description", *OFFER_DETAIL_TEXTS)

#: The offer form's options (app/offers/vocabulary.py) by detail field → the concepts each one offers.
#: An empty tuple is deliberate: the option says for whom or how, not what (audiences, "other").
OPTION_CONCEPTS: dict[str, dict[Any, tuple[str, ...]]] = {
    "formats": {
        "german_lessons": ("german_lessons",),
        "homework_help": ("homework_help",),
        "conversation": ("conversation",),
    },
    "audiences": {"adults": (), "children": ()},
    "settings": {
        "authorities": ("accompany_authorities",),
        "doctors": ("accompany_doctor",),
        "schools": ("accompany_school",),
        "everyday": ("accompany_appointments",),
    },
    "targets": {"family": ("family_mentoring",), "individual": ("mentorship",), "young_person": ("youth_mentoring",)},
    "focus": {
        "everyday": ("everyday_support",),
        "authorities": ("accompany_authorities",),
        "job_search": ("job_search",),
        "housing_search": ("housing_search",),
    },
    "housing_type": {"room": ("room",), "flat": ("flat",), "house": ("house",)},
    "step_free": {True: ("accessible_housing",), False: ()},
    "premises_type": {
        "land": ("land",),
        "building": ("building",),
        "hall": ("hall",),
        "room": ("premises_room",),
        "office": ("office",),
    },
    "categories": {
        "clothing": ("clothing",),
        "furniture": ("furniture",),
        "household": ("kitchen_equipment", "household_items"),
        "toys": ("toys",),
        "school": ("school_supplies",),
        "hygiene": ("hygiene_articles",),
        "electronics": ("electronics",),
        "bicycles": ("bicycles",),
        "other": (),
    },
}

#: What each model's normaliser reads: a change to any of these re-reads the row before it is written.
WATCHED = {
    # Languages too: an edit replaces them with the picker's, which would drop those read from the text.
    Person: ("other_languages", "skills", "languages"),
    Offer: ("kind", "details", "description"),
    Need: NEED_TEXTS,
}


@dataclass(frozen=True)
class Reading:
    """What a row's texts were read as: per field its entries, and the values to rely on."""

    normalisation: dict[str, list[Entry]]
    concepts: list[str]
    languages: list[str]


def is_trusted(entry: Entry) -> bool:
    """Confirmed by staff, or read with confidence (not ``needs_review``)."""
    return entry["value"] is not None and (entry["corrected"] or entry["confidence"] >= REVIEW_BELOW)


def _entry(resolution: Resolution) -> Entry:
    return {
        "text": resolution.text,
        "value": resolution.value,
        "confidence": resolution.confidence,
        "method": str(resolution.method),
        "alternatives": list(resolution.alternatives),
        "corrected": False,
    }


@lru_cache(maxsize=8192)
def _resolved(taxonomy: Taxonomy, field: str, text: str) -> tuple[Entry, ...]:
    # Imported spreadsheets repeat the same cells thousands of times, so equal texts share their entries:
    # entries are never changed in place (see correct).
    resolved = resolve_languages(text) if field in LANGUAGE_FIELDS else taxonomy.resolve(text)
    return tuple(_entry(resolution) for resolution in resolved)


def read_field(field: str, text: str | None, taxonomy: Taxonomy, previous: Iterable[Entry] = ()) -> list[Entry]:
    """The entries of one field; staff corrections of ``previous`` stay while their text is still there."""
    if not text or text.isspace():
        return []
    entries = _resolved(taxonomy, field, text)
    corrected = {entry["text"].casefold(): entry for entry in previous if entry.get("corrected")}
    if not corrected:
        return list(entries)
    kept = [corrected.pop(entry["text"].casefold(), entry) for entry in entries]
    folded = text.casefold()
    return kept + [entry for key, entry in corrected.items() if key in folded]


def read_texts(
    texts: Mapping[str, str | None], taxonomy: Taxonomy, previous: Mapping[str, Any] | None = None
) -> Reading:
    """Read every field of ``texts``; ``previous`` is the row's stored ``normalisation``.

    Rows read for the first time share the reading of equal texts (a bulk import's repeated cells):
    what it holds is never changed in place.
    """
    if not previous:
        return _first_reading(taxonomy, tuple(texts.items()))
    return _reading(texts, taxonomy, previous)


@lru_cache(maxsize=4096)
def _first_reading(taxonomy: Taxonomy, texts: tuple[tuple[str, str | None], ...]) -> Reading:
    return _reading(dict(texts), taxonomy, {})


def _reading(texts: Mapping[str, str | None], taxonomy: Taxonomy, previous: Mapping[str, Any]) -> Reading:
    normalisation = {}
    for field, text in texts.items():
        entries = read_field(field, text, taxonomy, previous.get(field, ()))
        if entries:
            normalisation[field] = entries
    languages: list[str] = []
    concepts: list[str] = []
    for field, entries in normalisation.items():
        values = languages if field in LANGUAGE_FIELDS else concepts
        values.extend(entry["value"] for entry in entries if is_trusted(entry))
    return Reading(normalisation, list(dict.fromkeys(concepts)), list(dict.fromkeys(languages)))


def option_concepts(details: Mapping[str, Any] | None) -> list[str]:
    """The concepts the ticked options of an offer's details stand for."""
    found: list[str] = []
    for field in [field for field in OPTION_CONCEPTS if field in (details or ())]:
        value, table = details[field], OPTION_CONCEPTS[field]
        for option in value if isinstance(value, list) else [value]:
            if isinstance(option, str | bool):
                found.extend(table.get(option, ()))
    return list(dict.fromkeys(found))


def person_texts(person: Person) -> dict[str, str | None]:
    return {field: getattr(person, field) for field in PERSON_TEXTS}


def need_texts(need: Need) -> dict[str, str | None]:
    return {field: getattr(need, field) for field in NEED_TEXTS}


def add_languages(person: Person, codes: Iterable[str]) -> None:
    known = set(person.language_codes)
    person.languages.extend(PersonLanguage(code=code) for code in dict.fromkeys(codes) if code not in known)


def normalise_person(person: Person, taxonomy: Taxonomy | None = None) -> None:
    """Read ``other_languages`` (confident codes join the person's languages) and ``skills`` (concepts)."""
    reading = read_texts(person_texts(person), taxonomy or current_taxonomy(), person.normalisation)
    person.normalisation, person.concepts = dict(reading.normalisation), list(reading.concepts)
    add_languages(person, reading.languages)


def read_offer(
    description: str | None,
    details: Mapping[str, Any] | None,
    taxonomy: Taxonomy,
    previous: Mapping[str, Any] | None = None,
) -> Reading:
    """An offer's free texts read, and its concepts: the ticked options' first, then the texts'."""
    texts = {"description": description, **{field: (details or {}).get(field) for field in OFFER_DETAIL_TEXTS}}
    reading = read_texts(texts, taxonomy, previous)
    return replace(reading, concepts=list(dict.fromkeys([*option_concepts(details), *reading.concepts])))


def normalise_offer(offer: Offer, taxonomy: Taxonomy | None = None) -> None:
    reading = read_offer(offer.description, offer.details, taxonomy or current_taxonomy(), offer.normalisation)
    offer.normalisation, offer.concepts = dict(reading.normalisation), list(reading.concepts)


def normalise_need(need: Need, taxonomy: Taxonomy | None = None) -> None:
    """The concepts of the need's title, skills and description."""
    reading = read_texts(need_texts(need), taxonomy or current_taxonomy(), need.normalisation)
    need.normalisation, need.concepts = dict(reading.normalisation), list(reading.concepts)


NORMALISERS = {Person: normalise_person, Offer: normalise_offer, Need: normalise_need}


def normalise(obj: Person | Offer | Need, taxonomy: Taxonomy | None = None) -> None:
    NORMALISERS[type(obj)](obj, taxonomy)


def _source_changed(obj: Any) -> bool:
    attrs = sa.inspect(obj).attrs
    return any(attrs[name].history.has_changes() for name in WATCHED[type(obj)])


@sa.event.listens_for(Session, "before_flush")
def _normalise_changed(session: Session, _context, _instances) -> None:
    changed = [
        obj
        for obj in (*session.new, *session.dirty)
        if type(obj) in WATCHED and (obj in session.new or _source_changed(obj))
    ]
    if changed:
        taxonomy = current_taxonomy(session)
        for obj in changed:
            normalise(obj, taxonomy)


def correct(
    row: Person | Offer | Need, field: str, position: int, value: str | None, taxonomy: Taxonomy | None = None
) -> None:
    """Staff say what one piece of text means (``None``: nothing known); kept on every re-reading.

    A language it had added to the person's languages leaves them, unless another reading still names it.
    Records a ``normalisation_corrected`` event. Flushes nothing; the caller commits.
    """
    entries = [dict(entry) for entry in row.normalisation[field]]
    old = entries[position]["value"]
    was_trusted = is_trusted(entries[position])
    entries[position].update(value=value, confidence=100, corrected=True)
    row.normalisation = {**row.normalisation, field: entries}
    still_named = any(entry["value"] == old and is_trusted(entry) for entry in entries)
    if isinstance(row, Person) and field in LANGUAGE_FIELDS and was_trusted and not still_named:
        row.languages = [language for language in row.languages if language.code != old]
    normalise(row, taxonomy)
    record("normalisation_corrected", row, **{field: [old, value]})
