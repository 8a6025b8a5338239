"""What each role sees first after logging in: its work, and nothing beyond its rights."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from app.accounts.models import Role, User
from app.accounts.permissions import CONTACT_ROLES
from app.extensions import db
from app.needs.models import Need, NeedStatus
from app.offers.models import Offer, OfferStatus
from app.organisations.models import Organisation

#: How many of the newest waiting offers the start page lists.
NEWEST_OFFERS = 10
OPEN_NEED_STATUSES = (NeedStatus.OPEN, NeedStatus.PARTLY_FILLED)


@dataclass
class Overview:
    #: Counts by key, each shown with a link to the filtered list.
    counts: dict[str, int] = field(default_factory=dict)
    newest_offers: list[Offer] = field(default_factory=list)
    own_needs: list[Need] = field(default_factory=list)


def _count(statement: sa.Select) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(statement.subquery()))


def overview_for(user: User) -> Overview:
    overview = Overview()
    if user.has_role(*CONTACT_ROLES):
        overview.counts["new_offers"] = _count(sa.select(Offer.id).where(Offer.status == OfferStatus.NEW))
        overview.newest_offers = db.session.scalars(
            sa.select(Offer)
            .where(Offer.status == OfferStatus.NEW)
            .order_by(Offer.created_at.desc(), Offer.id.desc())
            .options(joinedload(Offer.person))
            .limit(NEWEST_OFFERS)
        ).all()
    if user.has_role(Role.COORDINATOR):
        overview.counts["open_needs"] = _count(sa.select(Need.id).where(Need.status.in_(OPEN_NEED_STATUSES)))
    if user.has_role(Role.ADMIN):
        overview.counts["active_accounts"] = _count(sa.select(User.id).where(User.is_active))
        overview.counts["organisations"] = _count(sa.select(Organisation.id).where(Organisation.is_active))
    if user.has_role(Role.ORG_MEMBER):
        overview.own_needs = db.session.scalars(
            sa.select(Need)
            .where(Need.organisation_id == user.organisation_id, Need.status.in_(OPEN_NEED_STATUSES))
            .order_by(Need.created_at.desc())
        ).all()
    return overview
