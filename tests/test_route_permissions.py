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
from app.accounts.services import INVITATION, RESET, account_token
from app.extensions import db
from app.privacy.services import withdraw_token
from tests.conftest import csrf_token_from
from tests.factories import log_in, make_match, make_need, make_organisation, make_person, make_user
from tests.feedback.feedback_data import question_token

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
    #: Signed links of alert mails: an answer, unsubscribe, subscribe.
    alert_tokens: dict[str, str] = field(default_factory=dict)
    match: object = None
    users: dict[str, object] = field(default_factory=dict)


ROWS: dict[str, Row] = {
    "static": Row(everyone(200), lambda w: {"filename": "app.css"}),
    "health.healthz": Row(everyone(200)),
    "public.index": Row(everyone(200)),
    "public.contact": Row(everyone(200)),
    "public.donations": Row(everyone(200)),
    "public.faq": Row(everyone(200)),
    "public.imprint": Row(everyone(200)),
    "public.accessibility": Row(everyone(200)),
    "public.privacy": Row(everyone(200)),
    "offers.new": Row(everyone(200)),
    "board.index": Row(everyone(200)),
    "board.feed": Row(everyone(200)),
    # A need off the board is nobody's business on the public side, logged in or not.
    "board.detail": Row(everyone(404), lambda w: {"public_id": w.own_need.public_id}),
    "alerts.answer": Row(everyone(200), lambda w: {"token": w.alert_tokens["answer"]}),
    "alerts.unsubscribe": Row(everyone(200), lambda w: {"token": w.alert_tokens["unsubscribe"]}),
    "alerts.subscribe": Row(everyone(200), lambda w: {"token": w.alert_tokens["subscribe"]}),
    # "Did it work?": the signed link shows the question to anyone holding it (a GET records nothing).
    "feedback.answer": Row(everyone(200), lambda w: {"token": question_token(w.match)}),
    # The list decides who may export it; the needs list is the coordinators' and the members'.
    "exports.download": Row(
        only("coordinator", "org_member"), lambda w: {"list_name": "bedarfe", "file_format": "csv"}
    ),
    # Without a submission in this session the thank-you page sends people to the form.
    "offers.thanks": Row(everyone(302)),
    "offers.confirm": Row(everyone(200), lambda w: {"token": w.opt_in_token}),
    # Logged-in users are sent on to the back office.
    "accounts.login": Row({**everyone(302), "anonymous": 200}),
    "accounts.logout": Row(logged_in(302)),
    "accounts.home": Row(logged_in(200)),
    "accounts.change_password": Row(logged_in(200)),
    "accounts.forgot_password": Row(everyone(200)),
    "accounts.reset_password": Row(everyone(200), lambda w: {"token": account_token(RESET, w.users["hotline"])}),
    "accounts.accept_invitation": Row(
        everyone(200), lambda w: {"token": account_token(INVITATION, w.users["hotline"])}
    ),
    # Second factor: without a login waiting for its code the code step sends to the login (or, logged in, on).
    "accounts.login_code": Row(everyone(302)),
    "accounts.second_factor": Row(logged_in(200)),
    # Nobody in the world has a second factor switched on: nothing to switch off, back to the page.
    "accounts.disable_second_factor": Row(logged_in(302)),
    # The hotline has no key: refused with a message on the account's page.
    "accounts.reset_second_factor": Row(only("admin", status=302), lambda w: {"user_id": w.users["hotline"].id}),
    "accounts.users": Row(only("admin")),
    "accounts.invite": Row(only("admin")),
    "accounts.user_detail": Row(only("admin"), lambda w: {"user_id": w.users["hotline"].id}),
    # A POST with nothing but the CSRF token: the admin gets the form back with its errors.
    "accounts.user_edit": Row(only("admin", status=422), lambda w: {"user_id": w.users["hotline"].id}),
    # The admin aims at their own account, which is refused with a message (and keeps later logins working).
    "accounts.deactivate": Row(only("admin", status=302), lambda w: {"user_id": w.users["admin"].id}),
    "accounts.reactivate": Row(only("admin", status=302), lambda w: {"user_id": w.users["hotline"].id}),
    "accounts.resend_invitation": Row(only("admin", status=302), lambda w: {"user_id": w.users["hotline"].id}),
    # Organisation members are sent to their own organisation's page.
    "organisations.index": Row(only("admin", "coordinator") | {"org_member": 302}),
    "organisations.new": Row(only("admin")),
    "organisations.detail": Row(
        only("admin", "coordinator", "org_member"), lambda w: {"public_id": w.own_organisation.public_id}
    ),
    "organisations.edit": Row(only("admin"), lambda w: {"public_id": w.own_organisation.public_id}),
    # The other organisation, so the org member's own account stays active for the next request.
    "organisations.deactivate": Row(only("admin", status=302), lambda w: {"public_id": w.other_organisation.public_id}),
    "organisations.reactivate": Row(only("admin", status=302), lambda w: {"public_id": w.own_organisation.public_id}),
    "hotline.new_offer": Row(only("coordinator", "hotline")),
    # Nobody similar to an empty caller: an empty fragment.
    "hotline.duplicates": Row(only("coordinator", "hotline")),
    "screening.queue": Row(only("coordinator", "hotline")),
    "screening.offer": Row(only("coordinator", "hotline"), lambda w: {"public_id": w.offer.public_id}),
    "screening.edit": Row(only("coordinator", "hotline"), lambda w: {"public_id": w.offer.public_id}),
    # An empty note is refused with the page and its message.
    "screening.note": Row(only("coordinator", "hotline", status=422), lambda w: {"public_id": w.offer.public_id}),
    # No action chosen: only a tampered form sends that.
    "screening.status": Row(only("coordinator", status=400), lambda w: {"public_id": w.offer.public_id}),
    # A language-support offer has no department to go to: refused with the reason.
    "screening.forward": Row(only("coordinator", status=409), lambda w: {"public_id": w.offer.public_id}),
    "people.search": Row(only("coordinator", "hotline")),
    "people.detail": Row(only("coordinator", "hotline"), lambda w: {"public_id": w.person.public_id}),
    "people.edit": Row(only("coordinator", "hotline"), lambda w: {"public_id": w.person.public_id}),
    "people.merge": Row(only("coordinator", "hotline"), lambda w: {"public_id": w.person.public_id}),
    # A person's data export and erasure: coordinators only (the erasure is a confirmation page on GET).
    "privacy.person_export": Row(only("coordinator"), lambda w: {"public_id": w.person.public_id}),
    "privacy.erase_person": Row(only("coordinator"), lambda w: {"public_id": w.person.public_id}),
    "privacy.processing_record": Row(only("admin", "coordinator")),
    # The link in a mail: a page with one button first, for anyone holding the link.
    "privacy.withdraw": Row(everyone(200), lambda w: {"token": withdraw_token(w.person)}),
    "needs.index": Row(only("coordinator", "org_member")),
    "needs.new": Row(only("coordinator", "org_member")),
    "needs.detail": Row(only("coordinator", "org_member"), lambda w: {"public_id": w.own_need.public_id}),
    "needs.edit": Row(only("coordinator", "org_member"), lambda w: {"public_id": w.own_need.public_id}),
    # No target status given: refused with a message.
    "needs.status": Row(only("coordinator", "org_member", status=422), lambda w: {"public_id": w.own_need.public_id}),
    "matching.index": Row(only("coordinator")),
    "matching.need_suggestions": Row(only("coordinator"), lambda w: {"public_id": w.own_need.public_id}),
    "matching.offer_suggestions": Row(only("coordinator"), lambda w: {"public_id": w.offer.public_id}),
    "matching.detail": Row(only("coordinator"), lambda w: {"match_id": w.match.id}),
    # Nothing but the CSRF token: only a tampered form sends that.
    "matching.propose": Row(only("coordinator", status=400)),
    "matching.decide": Row(only("coordinator", status=400), lambda w: {"match_id": w.match.id}),
    # Dashboard and reports: coordinators only (the hotline sees contact data, but no reports).
    "reports.dashboard": Row(only("coordinator")),
    "reports.index": Row(only("coordinator")),
    "reports.download": Row(only("coordinator"), lambda w: {"format": "csv"}),
    "normalisation.concepts": Row(only("admin", "coordinator")),
    "normalisation.new_concept": Row(only("admin")),
    "normalisation.edit_concept": Row(only("admin"), lambda w: {"key": "german_lessons"}),
    # The person's texts are empty, so there is no reading to correct.
    "normalisation.correct_person": Row(
        only("coordinator", "hotline", status=404),
        lambda w: {"public_id": w.person.public_id, "field": "skills", "position": 0},
    ),
    # No value chosen: only a tampered form sends that.
    "normalisation.correct_offer": Row(
        only("coordinator", "hotline", status=400),
        lambda w: {"public_id": w.offer.public_id, "field": "description", "position": 0},
    ),
    "normalisation.correct_need": Row(
        only("coordinator", status=400), lambda w: {"public_id": w.own_need.public_id, "field": "title", "position": 0}
    ),
}


@pytest.fixture
def config_overrides():
    return {"RATELIMIT_ENABLED": False}


@pytest.fixture
def world(app) -> World:
    return build_world()


def build_world() -> World:
    """The objects the rows' URLs name (also used by tests/robustness to reach every form)."""
    from app.alerts.models import AlertResponse, NeedAlert
    from app.alerts.services import answer_token, subscribe_token, unsubscribe_token
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
    made.match = make_match(made.own_need, made.offer, "proposed")
    alert = NeedAlert(need=made.own_need, person=person, offer=made.offer, score=80)
    db.session.add(alert)
    db.session.flush()
    made.alert_tokens = {
        "answer": answer_token(alert, AlertResponse.NOT_THIS_TIME),
        "unsubscribe": unsubscribe_token(person),
        "subscribe": subscribe_token(person),
    }
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
