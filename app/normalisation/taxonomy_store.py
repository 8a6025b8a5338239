"""The taxonomy of help concepts as admins keep it in the database, built once per revision.

Every write of a person, offer or need resolves text against the taxonomy, so
building it (a few thousand synonyms folded and indexed) on each write is out
of the question; one cheap query tells whether the table changed since.
"""

from __future__ import annotations

import tomllib
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.core.db import utcnow
from app.core.text import fold
from app.extensions import db
from app.normalisation.concepts import CONCEPTS_FILE, Taxonomy, taxonomy
from app.normalisation.models import HelpConcept

Records = dict[str, dict[str, Any]]
#: Per database: the revision the taxonomy was built from, and the taxonomy.
_built: dict[str, tuple[tuple[Any, ...], Taxonomy]] = {}


def revision(session: Session | None = None) -> tuple[Any, ...]:
    """What changes whenever a concept is added, edited or removed: count, highest id, latest edit."""
    session = session or db.session
    query = sa.select(sa.func.count(), sa.func.max(HelpConcept.id), sa.func.max(HelpConcept.updated_at))
    return tuple(session.execute(query).one())


def stored_records(session: Session | None = None) -> Records:
    """The concepts as ``Taxonomy.from_records`` reads them, in the order they were added (their bit)."""
    session = session or db.session
    concepts = session.scalars(sa.select(HelpConcept).order_by(HelpConcept.id))
    return {concept.key: concept.as_record() for concept in concepts}


def current_taxonomy(session: Session | None = None) -> Taxonomy:
    """The database's taxonomy, rebuilt only when its revision changed; the shipped file while the table is empty."""
    session = session or db.session
    seen = revision(session)
    if not seen[0]:
        return taxonomy()
    url = str(session.get_bind().url)
    built = _built.get(url)
    if built is None or built[0] != seen:
        built = _built[url] = (seen, Taxonomy.from_records(stored_records(session)))
    return built[1]


def shipped_records() -> Records:
    with CONCEPTS_FILE.open("rb") as f:
        return tomllib.load(f)


def concept_values(record: dict[str, Any]) -> dict[str, Any]:
    """The columns of a :class:`HelpConcept` from a taxonomy record (the reverse of ``as_record``)."""
    return {
        "group": record["group"],
        "label_de": record["de"],
        "label_en": record["en"],
        "synonyms_de": list(record.get("synonyms_de", [])),
        "synonyms_en": list(record.get("synonyms_en", [])),
        "related": list(record.get("related", [])),
        "referral_only": record.get("referral_only", False),
    }


def reset_to_shipped() -> None:
    """Replace every stored concept by the shipped set, without audit events (tests, a botched edit)."""
    now = utcnow()
    rows = [
        {"key": key, **concept_values(record), "created_at": now, "updated_at": now}
        for key, record in shipped_records().items()
    ]
    db.session.execute(sa.delete(HelpConcept))
    db.session.execute(sa.insert(HelpConcept), rows)


def problems(records: Records) -> list[str]:
    """What ``Taxonomy.from_records`` finds wrong with ``records`` (English, one line each); empty if valid."""
    try:
        Taxonomy.from_records(records)
    except ValueError as invalid:
        return str(invalid).splitlines()[1:]
    return []


def save_concept(key: str, record: dict[str, Any]) -> HelpConcept:
    """Add or change one concept (the audit hook records it). Flushes; the caller commits."""
    concept = db.session.scalar(sa.select(HelpConcept).where(HelpConcept.key == key))
    if concept is None:
        concept = HelpConcept(key=key)
        db.session.add(concept)
    for name, value in concept_values(record).items():
        setattr(concept, name, value)
    db.session.flush()
    return concept


def find_concepts(records: Records, query: str | None = None, group: str | None = None) -> Records:
    """The concepts whose key, labels or synonyms contain ``query`` (folded), in ``group``."""
    needle = fold(query or "")
    return {
        key: record
        for key, record in records.items()
        if (not group or record["group"] == group) and needle in fold(" ".join([key, *_names(record)]))
    }


def _names(record: dict[str, Any]) -> list[str]:
    return [record["de"], record["en"], *record.get("synonyms_de", ()), *record.get("synonyms_en", ())]
