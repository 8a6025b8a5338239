"""Likely existing persons for what a caller says: similar name, same phone, same mail.

Staff are warned while typing (issue 3's hotline screen), so that one person
stays one record. Names are compared after folding umlauts and accents and
ignoring order ("Müller, Anna" = "Anna Mueller"), with rapidfuzz.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import sqlalchemy as sa
from rapidfuzz import fuzz, process

from app.core.forms import to_e164
from app.core.text import fold
from app.extensions import db
from app.people.models import Person

#: Names at least this similar (0-100) count as a likely match.
NAME_THRESHOLD = 85


def fold_name(name: str) -> str:
    """'Müller, Anna' → 'anna mueller': lower case, umlauts spelt out, accents and punctuation gone, sorted."""
    if "," in name:
        last, first = name.split(",", 1)
        name = f"{first} {last}"
    return " ".join(sorted(re.findall(r"\w+", fold(name))))


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
    if name and name.strip():
        for person_id, score in _similar_names(fold_name(name)):
            candidate = found.setdefault(person_id, Candidate(person_id))
            candidate.reasons.add("name")
            candidate.name_score = score
    return sorted(found.values(), key=lambda c: c.strength, reverse=True)[:limit]


def _exact_matches(phone: str | None, email: str | None):
    e164 = to_e164(phone) if phone else None
    if e164:
        yield "phone", db.session.scalars(sa.select(Person.id).where(Person.phone_e164 == e164))
    if email and email.strip():
        normalised = email.strip().lower()
        yield "email", db.session.scalars(sa.select(Person.id).where(Person.email_normalised == normalised))


def _similar_names(folded: str) -> list[tuple[int, float]]:
    rows = db.session.execute(sa.select(Person.id, Person.name_key, Person.first_name, Person.last_name)).all()
    # Folding is the slow part, so it happens on write; rows without a key are folded here.
    names = {row.id: row.name_key or fold_name(f"{row.first_name} {row.last_name}") for row in rows}
    matches = process.extract(folded, names, scorer=fuzz.token_sort_ratio, score_cutoff=NAME_THRESHOLD, limit=20)
    return [(person_id, score) for _, score, person_id in matches]
