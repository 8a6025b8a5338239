"""What each exportable list holds: its rows (through the list's own filter form and query) and its columns.

A column names the roles that may have it. Contact data (mail, phone, street
and postcode) goes only to :data:`CONTACT_ROLES`, as on the pages; the hotline
never exports matches, and an organisation member only their organisation's
needs, which carry no volunteer data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import request, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import joinedload

from app.accounts.models import Role
from app.accounts.permissions import CONTACT_ROLES
from app.core.i18n import language_name
from app.extensions import db
from app.matching.forms import MatchFilterForm
from app.matching.views import filtered_matches
from app.matching.vocabulary import MATCH_ORIGIN_LABELS, MATCH_STATUS_LABELS
from app.needs.forms import NeedFilterForm
from app.needs.services import filtered_needs
from app.needs.views import on_behalf
from app.needs.vocabulary import STATUS_LABELS as NEED_STATUS_LABELS
from app.needs.vocabulary import URGENCY_LABELS
from app.offers.models import Offer
from app.offers.vocabulary import CHANNEL_LABELS, KIND_LABELS
from app.organisations.forms import OrganisationFilterForm
from app.organisations.services import list_organisations
from app.organisations.vocabulary import KIND_LABELS as ORGANISATION_KIND_LABELS
from app.people.models import Person
from app.screening.details import offer_languages
from app.screening.forms import QueueForm
from app.screening.queue import conditions, place_of
from app.screening.views import SEARCHES
from app.screening.vocabulary import STATUS_LABELS as OFFER_STATUS_LABELS

#: Rows one export holds at most; a longer list is refused with a message to filter it further.
MAX_ROWS = 50_000

COORDINATOR = (Role.COORDINATOR,)
ORG_MEMBER = (Role.ORG_MEMBER,)


class ExportRefused(Exception):
    """The list cannot be exported as asked (invalid filters, a forgotten search); the message says why."""


@dataclass(frozen=True)
class Column:
    header: Any
    value: Callable[[Any], Any]
    #: Roles that get this column.
    roles: tuple[Role, ...]


@dataclass(frozen=True)
class Selection:
    """The rows of one export and the filters they were chosen by (never a free-text search)."""

    rows: Sequence[Any]
    filters: dict[str, Any]


@dataclass(frozen=True)
class ExportList:
    #: Name in the URL and the file name.
    name: str
    #: Roles that may export the list at all.
    roles: tuple[Role, ...]
    columns: tuple[Column, ...]
    #: Reads the list's filters from the request; returns at most ``limit`` rows.
    select: Callable[[int], Selection]

    def columns_for(self, user) -> list[Column]:
        return [column for column in self.columns if user.has_role(*column.roles)]


def label(labels: dict, attribute: str) -> Callable[[Any], str | None]:
    def value(row: Any) -> str | None:
        found = getattr(row, attribute)
        return str(labels[found]) if found is not None else None

    return value


def languages(codes: list[str]) -> str:
    return ", ".join(language_name(code) for code in codes)


# -- The screening queue (offers) -------------------------------------------------------------------------


def _offer_selection(limit: int) -> Selection:
    """The queue's form read from the URL, the search text from the session (see app.screening.views)."""
    form = QueueForm(formdata=request.args, meta={"csrf": False})
    search_key = request.args.get("search")
    if search_key:
        form.q.data = session.get(SEARCHES, {}).get(search_key)
        if not form.q.data:
            raise ExportRefused(_l("Diese Suche ist nicht mehr gespeichert. Bitte suchen Sie noch einmal."))
    if not form.validate():
        raise ExportRefused(_l("Die Filter sind ungültig. Bitte prüfen Sie sie auf der Liste."))
    filters = form.to_filters()
    order = (Offer.created_at.desc(), Offer.id.desc()) if filters.newest_first else (Offer.created_at, Offer.id)
    rows = db.session.scalars(
        sa.select(Offer)
        .where(*conditions(filters))
        .options(joinedload(Offer.person).selectinload(Person.languages))
        .order_by(*order)
        .limit(limit)
    ).all()
    return Selection(rows, {**form.url_args(), **({"search": True} if form.q.data else {})})


def _place(attribute: str) -> Callable[[Offer], str | None]:
    return lambda offer: getattr(place_of(offer), attribute)


OFFERS = ExportList(
    name="angebote",
    roles=CONTACT_ROLES,
    columns=(
        Column(_l("Nummer"), lambda o: o.reference, CONTACT_ROLES),
        Column(_l("Art"), label(KIND_LABELS, "kind"), CONTACT_ROLES),
        Column(_l("Status"), label(OFFER_STATUS_LABELS, "status"), CONTACT_ROLES),
        Column(_l("Eingang"), lambda o: o.created_at, CONTACT_ROLES),
        Column(_l("Eingangsweg"), label(CHANNEL_LABELS, "source"), CONTACT_ROLES),
        Column(_l("Stadtteil"), _place("district"), CONTACT_ROLES),
        Column(_l("Stadtbezirk"), _place("borough"), CONTACT_ROLES),
        Column(_l("Sprachen"), lambda o: languages(offer_languages(o)), CONTACT_ROLES),
        Column(_l("Verfügbar ab"), lambda o: o.available_from, CONTACT_ROLES),
        Column(_l("Verfügbar bis"), lambda o: o.available_until, CONTACT_ROLES),
        Column(_l("Vorname"), lambda o: o.person.first_name, CONTACT_ROLES),
        Column(_l("Nachname"), lambda o: o.person.last_name, CONTACT_ROLES),
        Column(_l("E-Mail-Adresse"), lambda o: o.person.email, CONTACT_ROLES),
        Column(_l("Telefon"), lambda o: o.person.phone, CONTACT_ROLES),
        Column(_l("Straße und Hausnummer"), lambda o: o.person.street, CONTACT_ROLES),
        Column(_l("Postleitzahl"), lambda o: o.person.postcode, CONTACT_ROLES),
    ),
    select=_offer_selection,
)


# -- Needs -------------------------------------------------------------------------------------------------

NEED_ROLES = (Role.COORDINATOR, Role.ORG_MEMBER)


def _need_selection(limit: int) -> Selection:
    """The needs list's filters and query: a member's export holds only their organisation's needs."""
    form = NeedFilterForm(request.args, choose_organisation=on_behalf())
    filters = form.filters()
    return Selection(db.session.scalars(filtered_needs(current_user, filters).limit(limit)).all(), filters)


NEEDS = ExportList(
    name="bedarfe",
    roles=NEED_ROLES,
    columns=(
        Column(_l("Titel"), lambda n: n.title, NEED_ROLES),
        Column(_l("Organisation"), lambda n: n.organisation.name, NEED_ROLES),
        Column(_l("Art"), label(KIND_LABELS, "kind"), NEED_ROLES),
        Column(_l("Dringlichkeit"), label(URGENCY_LABELS, "urgency"), NEED_ROLES),
        Column(_l("Status"), label(NEED_STATUS_LABELS, "status"), NEED_ROLES),
        Column(_l("Anzahl"), lambda n: n.quantity, NEED_ROLES),
        Column(_l("Erforderliche Sprachen"), lambda n: languages(n.required_languages or []), NEED_ROLES),
        Column(_l("Stadtteil"), lambda n: n.district or n.town, NEED_ROLES),
        Column(_l("Stadtbezirk"), lambda n: n.borough, NEED_ROLES),
        Column(_l("Beginn"), lambda n: n.starts_on, NEED_ROLES),
        Column(_l("Ende"), lambda n: n.ends_on, NEED_ROLES),
        Column(_l("Öffentlich"), lambda n: _l("ja") if n.is_public else _l("nein"), NEED_ROLES),
        Column(_l("Eingetragen"), lambda n: n.created_at, NEED_ROLES),
        Column(_l("Straße und Hausnummer"), lambda n: n.street, CONTACT_ROLES),
        Column(_l("Postleitzahl"), lambda n: n.postcode, CONTACT_ROLES),
    ),
    select=_need_selection,
)


# -- Matches -----------------------------------------------------------------------------------------------


def _match_selection(limit: int) -> Selection:
    filters = MatchFilterForm(request.args).filters()
    return Selection(db.session.scalars(filtered_matches(filters).limit(limit)).unique().all(), filters)


MATCHES = ExportList(
    name="vermittlungen",
    roles=COORDINATOR,
    columns=(
        Column(_l("Nummer"), lambda m: m.id, COORDINATOR),
        Column(_l("Bedarf"), lambda m: m.need.title, COORDINATOR),
        Column(_l("Organisation"), lambda m: m.need.organisation.name, COORDINATOR),
        Column(_l("Angebot"), lambda m: m.offer.reference, COORDINATOR),
        Column(_l("Art"), lambda m: str(KIND_LABELS[m.offer.kind]), COORDINATOR),
        Column(_l("Stand"), label(MATCH_STATUS_LABELS, "status"), COORDINATOR),
        Column(_l("Herkunft"), label(MATCH_ORIGIN_LABELS, "origin"), COORDINATOR),
        Column(_l("Anzahl"), lambda m: m.quantity, COORDINATOR),
        Column(_l("Punkte"), lambda m: round(m.score) if m.score is not None else None, COORDINATOR),
        Column(_l("Entschieden am"), lambda m: m.decided_at, COORDINATOR),
        Column(_l("Geändert"), lambda m: m.updated_at, COORDINATOR),
        Column(_l("Name"), lambda m: m.offer.person.full_name, COORDINATOR),
        Column(_l("E-Mail-Adresse"), lambda m: m.offer.person.email, COORDINATOR),
        Column(_l("Telefon"), lambda m: m.offer.person.phone, COORDINATOR),
    ),
    select=_match_selection,
)


# -- Organisations -----------------------------------------------------------------------------------------

ORGANISATION_ROLES = (Role.ADMIN, Role.COORDINATOR)


def _organisation_selection(limit: int) -> Selection:
    form = OrganisationFilterForm(request.args)
    return Selection(list_organisations(**form.query_filters())[:limit], form.filters())


def _organisation(attribute: str) -> Callable[[tuple], Any]:
    return lambda row: getattr(row[0], attribute)


#: Admins keep the organisations' contact data up to date on their pages, so they export it too.
ORGANISATIONS = ExportList(
    name="organisationen",
    roles=ORGANISATION_ROLES,
    columns=(
        Column(_l("Name"), _organisation("name"), ORGANISATION_ROLES),
        Column(_l("Art"), lambda row: str(ORGANISATION_KIND_LABELS[row[0].kind]), ORGANISATION_ROLES),
        Column(_l("Stadtteil"), lambda row: row[0].district or row[0].town, ORGANISATION_ROLES),
        Column(_l("Stadtbezirk"), _organisation("borough"), ORGANISATION_ROLES),
        Column(_l("Offene Bedarfe"), lambda row: row[1], ORGANISATION_ROLES),
        Column(_l("Status"), lambda row: _l("aktiv") if row[0].is_active else _l("deaktiviert"), ORGANISATION_ROLES),
        Column(_l("Ansprechperson"), _organisation("contact_name"), ORGANISATION_ROLES),
        Column(_l("E-Mail-Adresse"), _organisation("email"), ORGANISATION_ROLES),
        Column(_l("Telefon"), _organisation("phone"), ORGANISATION_ROLES),
        Column(_l("Straße und Hausnummer"), _organisation("street"), ORGANISATION_ROLES),
        Column(_l("Postleitzahl"), _organisation("postcode"), ORGANISATION_ROLES),
    ),
    select=_organisation_selection,
)

LISTS = {export.name: export for export in (OFFERS, NEEDS, MATCHES, ORGANISATIONS)}
