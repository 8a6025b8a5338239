"""Every route, every role (and anonymous): the status code each one gets.

One row per endpoint. A route added without a row fails
``test_every_route_has_a_row``, so least privilege is decided, not forgotten.
Rows are requested with the method that matters for access (GET where the
route has one, else POST with a valid CSRF token and no other data).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from flask import url_for

from app.accounts.models import Role
from app.extensions import db
from tests.conftest import csrf_token_from
from tests.factories import log_in, make_need, make_organisation, make_person, make_user

ROLES = ("anonymous", "admin", "coordinator", "hotline", "org_member")
LOGIN_REDIRECT = 302


def everyone(status: int = 200) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


def only(*roles: str, status: int = 200, others: int = 403) -> dict[str, int]:
    """``roles`` get ``status``, other logged-in roles ``others``, anonymous the login page."""
    return {role: status if role in roles else others for role in ROLES} | {"anonymous": LOGIN_REDIRECT}


def logged_in(status: int = 200) -> dict[str, int]:
    return only("admin", "coordinator", "hotline", "org_member", status=status)


@dataclass
class Row:
    expected: dict[str, int]
    #: URL arguments from the objects of the ``world`` fixture.
    args: Callable[[World], dict] = lambda world: {}


@dataclass
class World:
    """One object of every kind, organisation A being the org member's own."""

    own_organisation: object
    other_organisation: object
    own_need: object
    person: object
    offer: object
    opt_in_token: str = ""
    users: dict[str, object] = field(default_factory=dict)


ROWS: dict[str, Row] = {
    "static": Row(everyone(200), lambda w: {"filename": "app.css"}),
    "health.healthz": Row(everyone(200)),
    "public.index": Row(everyone(200)),
    "public.contact": Row(everyone(200)),
    "public.donations": Row(everyone(200)),
    "public.faq": Row(everyone(200)),
    "public.imprint": Row(everyone(200)),
    "public.privacy": Row(everyone(200)),
    "offers.new": Row(everyone(200)),
    # Without a submission in this session the thank-you page sends people to the form.
    "offers.thanks": Row(everyone(302)),
    "offers.confirm": Row(everyone(200), lambda w: {"token": w.opt_in_token}),
    # Logged-in users are sent on to the back office.
    "accounts.login": Row({**everyone(302), "anonymous": 200}),
    "accounts.logout": Row(logged_in(302)),
    "accounts.home": Row(logged_in(200)),
}


@pytest.fixture
def config_overrides():
    return {"RATELIMIT_ENABLED": False}


@pytest.fixture
def world(app) -> World:
    from app.core.tokens import make_token
    from app.offers.services import OPT_IN_PURPOSE

    own = make_organisation()
    other = make_organisation("Notunterkunft Messe")
    person = make_person()
    made = World(
        own_organisation=own,
        other_organisation=other,
        own_need=make_need(own),
        person=person,
        offer=person.offers[0],
    )
    made.users = {
        "admin": make_user(Role.ADMIN),
        "coordinator": make_user(Role.COORDINATOR),
        "hotline": make_user(Role.HOTLINE),
        "org_member": make_user(Role.ORG_MEMBER, organisation=own),
    }
    made.opt_in_token = make_token(OPT_IN_PURPOSE, person.public_id)
    db.session.commit()
    return made


def test_every_route_has_a_row(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert sorted(endpoints - ROWS.keys()) == [], "add a row for each new route"
    assert sorted(ROWS.keys() - endpoints) == [], "remove rows of routes that are gone"


def _request(app, world: World, role: str, endpoint: str, row: Row) -> int:
    client = app.test_client()
    if role != "anonymous":
        log_in(client, world.users[role])
    rule = next(rule for rule in app.url_map.iter_rules() if rule.endpoint == endpoint)
    with app.test_request_context():
        url = url_for(endpoint, **row.args(world))
    if "GET" in rule.methods:
        response = client.get(url)
    else:
        token_page = "/intern" if role != "anonymous" else "/anmelden"
        token = csrf_token_from(client.get(token_page).get_data(as_text=True))
        response = client.post(url, data={"csrf_token": token})
    response.close()  # static files stream from an open file
    return response.status_code


@pytest.mark.parametrize("endpoint", sorted(ROWS))
def test_each_role_gets_the_expected_status(app, world, endpoint):
    row = ROWS[endpoint]
    actual = {role: _request(app, world, role, endpoint, row) for role in ROLES}
    assert actual == row.expected
