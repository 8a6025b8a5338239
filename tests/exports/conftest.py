"""Two organisations with needs, offers with contact data, matches, and a client per role."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import pytest

from app.accounts.models import Role, User
from app.extensions import db
from app.needs.models import Need, NeedStatus, Urgency
from app.offers.models import Offer, OfferKind, OfferStatus
from app.organisations.models import Organisation
from tests.factories import log_in, make_match, make_need, make_offer, make_organisation, make_person, make_user


@dataclass
class ExportWorld:
    own: Organisation
    other: Organisation
    users: dict[Role, User]
    needs: dict[str, Need]
    offers: dict[str, Offer]


@pytest.fixture
def config_overrides():
    return {"RATELIMIT_ENABLED": False}


@pytest.fixture
def export_world(app) -> ExportWorld:
    own = make_organisation(email="kontakt@listholze.example", phone="0511 111", street="Listholze 1", postcode="30177")
    other = make_organisation("Notunterkunft Messe", email="messe@example.org")
    anna = make_person("Anna", "Müller", email="anna@example.org", phone="+49 511 1234567")
    anna.street = "Musterweg 1"
    # A name that a spreadsheet would run as a formula.
    mallory = make_person("Mallory", '=HYPERLINK("http://evil.example")', phone="0511 999")
    needs = {
        "doctor": make_need(own, "Dolmetschen beim Arzt", urgency=Urgency.HIGH, street="Listholze 1"),
        "course": make_need(own, "-Deutschkurs für Mütter", kind=OfferKind.LANGUAGE_SUPPORT),
        "beds": make_need(other, "Betten", kind=OfferKind.DONATION, status=NeedStatus.CLOSED),
    }
    offers = {
        "anna": anna.offers[0],
        "anna_interpreting": make_offer(anna, OfferKind.INTERPRETING, status=OfferStatus.VERIFIED),
        "mallory": mallory.offers[0],
    }
    make_match(needs["doctor"], offers["anna_interpreting"], "approved")
    make_match(needs["course"], offers["mallory"], "proposed")
    users = {role: make_user(role) for role in (Role.ADMIN, Role.COORDINATOR, Role.HOTLINE)}
    users[Role.ORG_MEMBER] = make_user(Role.ORG_MEMBER, organisation=own)
    db.session.commit()
    return ExportWorld(own=own, other=other, users=users, needs=needs, offers=offers)


@pytest.fixture
def client_as(app, export_world):
    """A test client logged in with the world's account of ``role``."""

    def make(role: Role):
        client = app.test_client()
        log_in(client, export_world.users[role])
        return client

    return make


def read_csv(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf"), "UTF-8 with byte order mark, for Excel"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))


def as_dicts(table: list[list[str]]) -> list[dict[str, str]]:
    header, *rows = table
    return [dict(zip(header, row, strict=True)) for row in rows]
