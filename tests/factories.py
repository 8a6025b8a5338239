"""Small factories for rows the tests need; services are used where they exist."""

from __future__ import annotations

from werkzeug.security import generate_password_hash

from app.accounts.models import Role, User
from app.extensions import db
from app.matching.models import Match, MatchStatus
from app.needs.models import Need
from app.offers.models import Offer, OfferKind, OfferStatus
from app.offers.services import Location, OfferData, PersonData, submit_offers
from app.organisations.models import Organisation, OrganisationKind
from app.people.models import Channel, Person
from tests.conftest import csrf_token_from

#: A cheap hash keeps the suite fast; production uses Werkzeug's default (scrypt).
FAST_HASH = "pbkdf2:sha256:1000"


def make_organisation(name: str = "Unterkunft Am Listholze", **fields) -> Organisation:
    organisation = Organisation(name=name, kind=OrganisationKind.SHARED_HOUSING, district="List", **fields)
    db.session.add(organisation)
    db.session.flush()
    return organisation


def make_user(role: Role, email: str | None = None, password: str = "richtig-langes-passwort", **fields) -> User:
    user = User(
        email=email or f"{role.value}@example.org",
        display_name=fields.pop("display_name", role.value.title()),
        role=role,
        password_hash=generate_password_hash(password, method=FAST_HASH),
        **fields,
    )
    db.session.add(user)
    db.session.flush()
    return user


def make_person(first_name: str = "Anna", last_name: str = "Mueller", **fields) -> Person:
    """A confirmed person through the real submission service (one offer of ``kind``)."""
    kind = fields.pop("kind", OfferKind.LANGUAGE_SUPPORT)
    channel = fields.pop("channel", Channel.PHONE)
    location = Location(district=fields.pop("district", "Linden-Nord"), postcode=fields.pop("postcode", None))
    data = PersonData(
        first_name=first_name,
        last_name=last_name,
        email=fields.pop("email", f"{first_name}.{last_name}@example.org".lower()),
        phone=fields.pop("phone", None),
        languages=fields.pop("languages", ["de"]),
        location=location,
        **fields,
    )
    return submit_offers(data, [OfferData(kind=kind, description="Deutsch für Erwachsene")], channel, "test")


def make_offer(person: Person, kind: OfferKind = OfferKind.INTERPRETING, **fields) -> Offer:
    offer = Offer(
        person=person, kind=kind, source=Channel.PHONE, status=fields.pop("status", OfferStatus.NEW), **fields
    )
    db.session.add(offer)
    db.session.flush()
    return offer


def make_need(organisation: Organisation, title: str = "Dolmetschen beim Arzt", **fields) -> Need:
    need = Need(organisation=organisation, kind=fields.pop("kind", OfferKind.INTERPRETING), title=title, **fields)
    db.session.add(need)
    db.session.flush()
    return need


def log_in(client, user: User, password: str = "richtig-langes-passwort") -> None:
    """Log ``user`` in through the real login form."""
    page = client.get("/anmelden").get_data(as_text=True)
    token = csrf_token_from(page)
    response = client.post("/anmelden", data={"email": user.email, "password": password, "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)


def make_match(need: Need, offer: Offer, status: str = "approved") -> Match:
    """A match row as the matching decisions would leave it (approved by default)."""
    match = Match(need=need, offer=offer, status=MatchStatus(status))
    db.session.add(match)
    db.session.flush()
    return match
