"""Offers and logged-in staff for the screening tests."""

from __future__ import annotations

from datetime import date

import pytest

from app.accounts.models import Role
from app.extensions import db
from app.offers.models import Offer, OfferKind
from app.places.services import locate
from tests.factories import log_in, make_offer, make_organisation, make_person, make_user

HOUSING_DETAILS = {
    "housing_type": "flat",
    "size_m2": 54,
    "rooms": 2,
    "persons": 3,
    "warm_rent": 690,
    "furnished": True,
    "step_free": False,
}


def make_housing_offer(**fields) -> Offer:
    """A flat in List offered by Anna Müller, who lives in Linden-Nord."""
    person = make_person("Anna", "Müller", phone="0511 1234567", languages=["de", "uk"])
    offer = make_offer(
        person,
        kind=OfferKind.HOUSING,
        details=dict(HOUSING_DETAILS),
        description="Ruhige Wohnung im Hinterhaus.",
        quantity=3,
        available_from=date(2026, 12, 1),
        district="List",
        postcode="30161",
        street="Musterweg 1",
        **fields,
    )
    locate(offer)
    db.session.flush()
    return offer


@pytest.fixture
def housing(app) -> Offer:
    offer = make_housing_offer()
    db.session.commit()
    return offer


@pytest.fixture
def login(client):
    """Log in a fresh account of the given role; returns the user."""

    def as_role(role: Role):
        fields = {}
        if role is Role.ORG_MEMBER:
            fields["organisation"] = make_organisation()
        user = make_user(role, **fields)
        db.session.commit()
        log_in(client, user)
        return user

    return as_role
