"""Posting, changing and finding needs; views and tests call these.

Who may see which need is decided here, in :func:`needs_for`: coordinators
see all, an organisation member only their organisation's, everyone else
none. Functions flush and never commit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from app.accounts.models import Role, User
from app.alerts.services import announce
from app.board.services import publish
from app.core.audit import record
from app.extensions import db
from app.matching.models import Match, MatchStatus
from app.needs.models import Need, NeedStatus, Urgency
from app.needs.vocabulary import STATUS_LABELS
from app.offers.models import Offer, OfferKind
from app.offers.services import Location
from app.organisations.models import Organisation
from app.organisations.services import location_of, place
from app.people.models import Channel

#: The only status changes there are; everything else is refused.
TRANSITIONS: dict[NeedStatus, tuple[NeedStatus, ...]] = {
    # A need for one person goes straight to filled; one no longer wanted is closed.
    NeedStatus.OPEN: (NeedStatus.PARTLY_FILLED, NeedStatus.FILLED, NeedStatus.CLOSED),
    NeedStatus.PARTLY_FILLED: (NeedStatus.FILLED, NeedStatus.CLOSED),
    NeedStatus.FILLED: (NeedStatus.CLOSED, NeedStatus.OPEN),
    NeedStatus.CLOSED: (NeedStatus.OPEN,),
}

#: Matches whose volunteer the organisation may know about: approved and later.
VISIBLE_MATCHES = (MatchStatus.APPROVED, MatchStatus.CONTACTED, MatchStatus.ACTIVE, MatchStatus.COMPLETED)

PAGE_SIZE = 25
#: The list's status filter for needs still waiting for help: open or partly filled.
STILL_OPEN = "still_open"


class StatusChangeRefused(ValueError):
    """The need cannot move from its status to the one asked for."""


@dataclass
class NeedData:
    kind: OfferKind
    title: str
    description: str | None = None
    required_languages: list[str] = field(default_factory=list)
    helpful_languages: list[str] = field(default_factory=list)
    skills: str | None = None
    quantity: int = 1
    urgency: Urgency = Urgency.NORMAL
    starts_on: date | None = None
    ends_on: date | None = None
    #: Where the help is needed; ``None`` means at the organisation.
    location: Location | None = None
    #: On the public board (never with an address or contact data).
    is_public: bool = False


def _apply(need: Need, data: NeedData, location: Location) -> None:
    need.kind = data.kind
    need.title = data.title
    need.description = data.description
    # New lists, so the JSON columns are seen as changed (and audited).
    need.required_languages = list(dict.fromkeys(data.required_languages))
    need.helpful_languages = [
        code for code in dict.fromkeys(data.helpful_languages) if code not in data.required_languages
    ]
    need.skills = data.skills
    need.quantity = data.quantity
    need.urgency = data.urgency
    need.starts_on = data.starts_on
    need.ends_on = data.ends_on
    place(need, location)


def _location(data: NeedData, organisation: Organisation) -> Location:
    # The organisation's place is copied: the need stays where it is if the organisation moves.
    return data.location or location_of(organisation)


def create_need(organisation: Organisation, data: NeedData, author: User, channel: Channel | None = None) -> Need:
    """Post a need for ``organisation``.

    ``channel`` is how the request reached the office when staff post on the
    organisation's behalf (phone or mail); it is kept in the audit trail.
    """
    # Read the organisation's place before the new need hangs off it (no autoflush of a half-built row).
    location = _location(data, organisation)
    need = Need(organisation=organisation, status=NeedStatus.OPEN, created_by_id=author.id)
    _apply(need, data, location)
    first_time_public = publish(need, data.is_public)
    db.session.add(need)
    db.session.flush()
    if first_time_public:
        announce(need)  # volunteers hear of a need when it first goes on the board
    if channel is not None:
        record("posted_on_behalf", need, actor=author, channel=channel)
    return need


def update_need(need: Need, data: NeedData) -> None:
    _apply(need, data, _location(data, need.organisation))
    first_time_public = publish(need, data.is_public)
    db.session.flush()
    if first_time_public:
        announce(need)


def is_at_organisation(need: Need) -> bool:
    return location_of(need) == location_of(need.organisation)


def change_status(need: Need, status: NeedStatus | str) -> None:
    """:raise StatusChangeRefused: with a message for the user, when ``TRANSITIONS`` does not allow it."""
    if status not in {value.value for value in NeedStatus}:
        raise StatusChangeRefused(_("Bitte wählen Sie einen der angebotenen Status."))
    status = NeedStatus(status)
    if status not in TRANSITIONS[need.status]:
        raise StatusChangeRefused(
            _(
                "Ein Bedarf mit dem Status „%(old)s“ kann nicht auf „%(new)s“ gesetzt werden.",
                old=STATUS_LABELS[need.status],
                new=STATUS_LABELS[status],
            )
        )
    need.status = status
    db.session.flush()


def needs_for(user: User) -> sa.Select:
    """The needs ``user`` may see: coordinators all, a member their organisation's, others none."""
    query = sa.select(Need)
    if user.has_role(Role.COORDINATOR):
        return query
    if user.has_role(Role.ORG_MEMBER):
        return query.where(Need.organisation_id == user.organisation_id)
    return query.where(sa.false())


def get_need_for(user: User, public_id: str) -> Need:
    """:raise 404: the need does not exist or belongs to an organisation ``user`` may not see."""
    return db.first_or_404(needs_for(user).where(Need.public_id == public_id))


def filtered_needs(user: User, filters: dict[str, Any]) -> sa.Select:
    """``needs_for(user)`` narrowed by the list's filters, newest first, organisations loaded along."""
    query = needs_for(user).options(sa.orm.joinedload(Need.organisation))
    if filters.get("status") == STILL_OPEN:
        query = query.where(Need.status.in_((NeedStatus.OPEN, NeedStatus.PARTLY_FILLED)))
    elif filters.get("status"):
        query = query.where(Need.status == filters["status"])
    for name in ("kind", "urgency", "borough"):
        if filters.get(name):
            query = query.where(getattr(Need, name) == filters[name])
    if filters.get("age"):
        from app.reports.services import local_today, posted_in_age_group  # the reports build on this module

        query = query.where(*posted_in_age_group(filters["age"], local_today()))
    if filters.get("organisation"):
        query = query.where(Need.organisation.has(Organisation.public_id == filters["organisation"]))
    return query.order_by(Need.created_at.desc(), Need.id.desc())


def page_of_needs(user: User, filters: dict[str, Any], page: int):
    return db.paginate(filtered_needs(user, filters), page=page, per_page=PAGE_SIZE, error_out=False)


def needs_of(organisation: Organisation) -> list[Need]:
    return db.session.scalars(
        sa.select(Need).where(Need.organisation_id == organisation.id).order_by(Need.created_at.desc(), Need.id.desc())
    ).all()


def volunteers_for(need: Need) -> list[Match]:
    """Matches of ``need`` that were approved (or went further), with offer and person loaded."""
    return db.session.scalars(
        sa.select(Match)
        .where(Match.need_id == need.id, Match.status.in_(VISIBLE_MATCHES))
        .options(sa.orm.joinedload(Match.offer).joinedload(Offer.person))
        .order_by(Match.id)
    ).all()
