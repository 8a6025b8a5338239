"""Needs from a CSV file: one need per row, updated by ``ref``; unknown organisations are created.

An organisation is found by its exact name; an unknown one is created with
the kind ``other`` for staff to complete. Language words that name no known
language are kept verbatim at the end of the need's description, since a need
has no column of its own for them.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from app.extensions import db
from app.imports.csv_import import Languages, Row, checked, languages, place, place_values, set_values
from app.imports.offers import Imported, known
from app.needs.models import Need, Urgency
from app.normalisation.result import PlaceResolution
from app.offers.models import OfferKind
from app.organisations.models import Organisation, OrganisationKind

COLUMNS = (
    "ref",
    "organisation",
    "kind",
    "title",
    "description",
    "languages",
    "skills",
    "location",
    "quantity",
    "urgency",
)


@dataclass
class NeedRow:
    ref: str
    organisation: str
    kind: OfferKind
    title: str
    description: str | None
    languages: Languages
    skills: str | None
    place: PlaceResolution | None
    quantity: int
    urgency: Urgency


def parse(row: Row) -> NeedRow:
    found = languages(row.values["languages"])
    description = row.text("description")
    if found.unresolved:
        note = f"Sprachen (nicht erkannt): {found.unresolved}"
        description = f"{description}\n\n{note}" if description else note
    return NeedRow(
        ref=row.text("ref", required=True, max_length=64),
        organisation=row.text("organisation", required=True, max_length=200),
        kind=row.choice("kind", OfferKind),
        title=row.text("title", required=True, max_length=200),
        description=description,
        languages=found,
        skills=row.text("skills"),
        place=place(row.values["location"]),
        quantity=row.positive_int("quantity", default=1),
        urgency=row.choice("urgency", Urgency, default=Urgency.NORMAL),
    )


def import_needs(data: bytes) -> Imported:
    """Import every row of the file, or raise ``ImportFailed`` and write nothing. Flushes; the caller commits."""
    rows = checked(data, COLUMNS, parse)
    needs = known(Need, Need.external_ref, [r.ref for r in rows])
    organisations = _organisations({r.organisation for r in rows})
    for row in rows:
        need = needs.get(row.ref)
        if need is None:
            need = Need(external_ref=row.ref)
            db.session.add(need)
        need.organisation = organisations[row.organisation]
        need.kind, need.title, need.description = row.kind, row.title, row.description
        need.required_languages = list(row.languages.codes)
        need.skills, need.quantity, need.urgency = row.skills, row.quantity, row.urgency
        set_values(need, place_values(row.place))
    db.session.flush()
    created = sum(1 for r in rows if r.ref not in needs)
    return Imported(created=created, updated=len(rows) - created)


def _organisations(names: set[str]) -> dict[str, Organisation]:
    """The organisations by name, creating those not known yet."""
    found = {o.name: o for o in db.session.scalars(sa.select(Organisation).where(Organisation.name.in_(names)))}
    for name in sorted(names - found.keys()):
        found[name] = Organisation(name=name, kind=OrganisationKind.OTHER)
        db.session.add(found[name])
    return found
