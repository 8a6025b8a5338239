"""Likely existing persons for what a caller says: similar name, same phone, same mail.

Staff are warned while typing (issue 3's hotline screen), so that one person
stays one record. Names are compared after folding umlauts and accents and
ignoring order ("Müller, Anna" = "Anna Mueller"), with rapidfuzz.

The database narrows the names first, so a lookup reads a few hundred rows
instead of every person: PostgreSQL by trigram similarity on the folded name
(GIN index, migration 0005), SQLite by shared letter pairs. Both also drop
names whose length alone rules out the threshold.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import sqlalchemy as sa
from rapidfuzz import fuzz, process
from sqlalchemy.orm import Session

from app.core.forms import to_e164
from app.core.text import fold
from app.extensions import db
from app.people.models import Person

#: Names at least this similar (0-100) count as a likely match.
NAME_THRESHOLD = 85
#: Share of the typed name's letter pairs a stored name must contain (SQLite's narrowing).
PAIR_SHARE = 0.5
#: Person columns the lookup keys are derived from.
KEYED_FIELDS = ("first_name", "last_name", "email", "phone")


def fold_name(name: str) -> str:
    """'Müller, Anna' → 'anna mueller': lower case, umlauts spelt out, accents and punctuation gone, sorted."""
    if "," in name:
        last, first = name.split(",", 1)
        name = f"{first} {last}"
    return " ".join(sorted(re.findall(r"\w+", fold(name))))


def normalise_email(email: str | None) -> str | None:
    """The address as compared: trimmed, lower case; ``None`` when blank."""
    normalised = (email or "").strip().lower()
    return normalised or None


def refresh_lookup_keys(person: Person) -> None:
    """Derive ``name_key``, ``email_normalised`` and ``phone_e164`` from what was typed."""
    person.name_key = fold_name(f"{person.first_name} {person.last_name}")
    person.email_normalised = normalise_email(person.email)
    person.phone_e164 = to_e164(person.phone)


@sa.event.listens_for(Session, "before_flush")
def _keep_lookup_keys(session: Session, _context, _instances) -> None:
    # Edits and merges change names and numbers in many places; none of them can forget the keys.
    for obj in session.new | session.dirty:
        if isinstance(obj, Person) and (obj.name_key is None or _keyed_fields_changed(obj)):
            refresh_lookup_keys(obj)


def _keyed_fields_changed(person: Person) -> bool:
    state = sa.inspect(person)
    return state.persistent and any(state.attrs[name].history.has_changes() for name in KEYED_FIELDS)


@dataclass
class Candidate:
    person_id: int
    #: Why staff should look at this person: "phone", "email", "name".
    reasons: set[str] = field(default_factory=set)
    name_score: float = 0.0

    @property
    def strength(self) -> tuple[int, float]:
        return (len(self.reasons), self.name_score)


def find_duplicates(
    name: str | None = None, phone: str | None = None, email: str | None = None, limit: int = 5
) -> list[Candidate]:
    """Persons who may be the caller, strongest evidence first."""
    found: dict[int, Candidate] = {}
    for reason, person_ids in _exact_matches(phone, email):
        for person_id in person_ids:
            found.setdefault(person_id, Candidate(person_id)).reasons.add(reason)
    folded = fold_name(name) if name else ""
    if folded:
        for person_id, score in similar_names(folded):
            candidate = found.setdefault(person_id, Candidate(person_id))
            candidate.reasons.add("name")
            candidate.name_score = score
    return sorted(found.values(), key=lambda c: c.strength, reverse=True)[:limit]


def _exact_matches(phone: str | None, email: str | None) -> Iterator[tuple[str, sa.ScalarResult]]:
    e164 = to_e164(phone) if phone else None
    if e164:
        yield "phone", db.session.scalars(sa.select(Person.id).where(Person.phone_e164 == e164))
    normalised = normalise_email(email)
    if normalised:
        yield "email", db.session.scalars(sa.select(Person.id).where(Person.email_normalised == normalised))


def similar_names(folded: str, limit: int = 20) -> list[tuple[int, float]]:
    """(person id, score) of names at least NAME_THRESHOLD similar to a folded name, best first."""
    rows = db.session.execute(sa.select(Person.id, Person.name_key).where(_name_narrowing(folded))).all()
    names = {row.id: row.name_key for row in rows}
    matches = process.extract(folded, names, scorer=fuzz.token_sort_ratio, score_cutoff=NAME_THRESHOLD, limit=limit)
    return [(person_id, score) for _, score, person_id in matches]


def _name_narrowing(folded: str) -> sa.ColumnElement[bool]:
    """A condition every name at least NAME_THRESHOLD similar meets, cheap for the database."""
    # ratio = 1 - distance / (a + b) and distance >= |a - b|, so lengths outside this window cannot reach it.
    share = NAME_THRESHOLD / 100
    length = sa.func.length(Person.name_key)
    window = length.between(int(len(folded) * share / (2 - share)), int(len(folded) * (2 - share) / share) + 1)
    if db.session.get_bind().dialect.name == "postgresql":
        # pg_trgm's "%" (similarity >= 0.3) is far looser than the threshold and answered by the GIN index.
        return sa.and_(Person.name_key.op("%")(folded), window)
    # A name this similar keeps most letter pairs of the typed one (each typo breaks at most two).
    pairs = _letter_pairs(folded)
    kept = sum(sa.case((sa.func.instr(Person.name_key, pair) > 0, 1), else_=0) for pair in pairs)
    return sa.and_(window, kept >= math.ceil(len(pairs) * PAIR_SHARE))


def _letter_pairs(folded: str) -> set[str]:
    """Distinct pairs of neighbouring letters within each token; a one-letter token stands for itself."""
    return {token[i : i + 2] for token in folded.split() for i in range(max(len(token) - 1, 1))}
