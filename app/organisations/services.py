"""Creating, changing and listing organisations; views and tests call these.

Functions flush and never commit: the caller owns the transaction.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import sqlalchemy as sa

from app.accounts.models import Role, User
from app.extensions import db
from app.needs.models import Need, NeedStatus
from app.offers.services import Location
from app.organisations.models import Organisation, OrganisationKind
from app.places.models import LocationMixin
from app.places.services import locate


@dataclass
class OrganisationData:
    name: str
    kind: OrganisationKind
    location: Location = field(default_factory=Location)
    contact_name: str | None = None
    email: str | None = None
    phone: str | None = None


def place(target: LocationMixin, location: Location) -> None:
    """Put ``target`` at ``location`` and derive its point and Stadtbezirk."""
    for key, value in asdict(location).items():
        setattr(target, key, value)
    locate(target)


def location_of(target: LocationMixin) -> Location:
    return Location(target.district, target.postcode, target.street, target.town)


def _apply(organisation: Organisation, data: OrganisationData) -> None:
    organisation.name = data.name
    organisation.kind = data.kind
    organisation.contact_name = data.contact_name
    organisation.email = data.email
    organisation.phone = data.phone
    place(organisation, data.location)


def create_organisation(data: OrganisationData) -> Organisation:
    organisation = Organisation(is_active=True)
    _apply(organisation, data)
    db.session.add(organisation)
    db.session.flush()
    return organisation


def update_organisation(organisation: Organisation, data: OrganisationData) -> None:
    _apply(organisation, data)
    db.session.flush()


def deactivate_organisation(organisation: Organisation) -> int:
    """Deactivate the organisation and its member accounts; returns how many accounts.

    A closed shelter's staff must no longer see the volunteers approved for it,
    so their sessions end at once. Reactivating the organisation does not bring
    the accounts back: the admin decides per person.
    """
    organisation.is_active = False
    members = [member for member in organisation.members if member.is_active]
    for member in members:
        member.is_active = False
        member.end_sessions()
    db.session.flush()
    return len(members)


def reactivate_organisation(organisation: Organisation) -> None:
    organisation.is_active = True
    db.session.flush()


def name_taken(name: str, organisation: Organisation | None = None) -> bool:
    """Whether another organisation has this name (case does not count)."""
    query = sa.select(Organisation.id).where(sa.func.lower(Organisation.name) == name.lower())
    if organisation is not None and organisation.id is not None:
        query = query.where(Organisation.id != organisation.id)
    return db.session.scalar(query.limit(1)) is not None


def organisations_for(user: User) -> sa.Select:
    """The organisations ``user`` may see: staff all, a member only their own."""
    query = sa.select(Organisation)
    if user.has_role(Role.ADMIN, Role.COORDINATOR):
        return query
    if user.has_role(Role.ORG_MEMBER):
        return query.where(Organisation.id == user.organisation_id)
    return query.where(sa.false())


def get_organisation_for(user: User, public_id: str) -> Organisation:
    """:raise 404: the organisation does not exist or is not ``user``'s to see."""
    return db.first_or_404(organisations_for(user).where(Organisation.public_id == public_id))


OPEN_STATUSES = (NeedStatus.OPEN, NeedStatus.PARTLY_FILLED)


def list_organisations(
    kind: str | None = None, borough: str | None = None, active: bool | None = True
) -> list[tuple[Organisation, int]]:
    """Organisations by name with their count of open needs, in one query."""
    open_needs = (
        sa.select(sa.func.count(Need.id))
        .where(Need.organisation_id == Organisation.id, Need.status.in_(OPEN_STATUSES))
        .correlate(Organisation)
        .scalar_subquery()
    )
    query = sa.select(Organisation, open_needs).order_by(Organisation.name)
    if kind:
        query = query.where(Organisation.kind == kind)
    if borough:
        query = query.where(Organisation.borough == borough)
    if active is not None:
        query = query.where(Organisation.is_active.is_(active))
    return [(organisation, count) for organisation, count in db.session.execute(query)]


def members_of(organisation: Organisation) -> list[User]:
    return db.session.scalars(
        sa.select(User)
        .where(User.organisation_id == organisation.id, User.role == Role.ORG_MEMBER)
        .order_by(User.display_name)
    ).all()


def active_organisations() -> list[Organisation]:
    return db.session.scalars(sa.select(Organisation).where(Organisation.is_active).order_by(Organisation.name)).all()


def all_organisations() -> list[Organisation]:
    return db.session.scalars(sa.select(Organisation).order_by(Organisation.name)).all()
