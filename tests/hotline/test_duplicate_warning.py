"""The warning while typing: likely known persons as an HTML fragment for hotline.js."""

from __future__ import annotations

import pytest

from app.accounts.models import Role
from app.extensions import db
from tests.conftest import csrf_token_from
from tests.factories import log_in, make_organisation, make_person, make_user

PAGE = "/intern/hotline"
URL = "/intern/hotline/dubletten"


@pytest.fixture
def known(app):
    person = make_person("Anna", "Mueller", phone="+49 511 1234567", district="Linden-Nord")
    make_person("Hans", "Schmidt", phone="0511 7654321")
    db.session.commit()
    return person


@pytest.fixture
def ask(client, csrf_token):
    def send(typed: dict, as_json: bool = True):
        headers = {"X-CSRFToken": csrf_token(PAGE)}
        if as_json:
            return client.post(URL, json=typed, headers=headers)
        return client.post(URL, data=typed, headers=headers)

    return send


@pytest.fixture
def staff(client, app):
    user = make_user(Role.HOTLINE)
    db.session.commit()
    log_in(client, user)


def test_mueller_anna_typed_finds_anna_mueller_with_the_reasons(ask, known, staff):
    response = ask({"first_name": "Müller,", "last_name": "Anna", "phone": "0511 1234567", "email": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "Angebot Anna Mueller zuordnen" in html
    assert "Linden-Nord" in html
    assert known.offers[0].reference in html
    assert "gleiche Telefonnummer" in html and "ähnlicher Name (100 %)" in html
    assert f'value="{known.public_id}"' in html and 'value="new"' in html
    assert "Schmidt" not in html


def test_first_and_last_name_in_their_own_fields_are_found_too(ask, known, staff):
    html = ask({"first_name": "Anna", "last_name": "Müller"}, as_json=False).get_data(as_text=True)
    assert "Anna Mueller" in html


def test_a_stranger_gets_nothing(ask, known, staff):
    response = ask({"first_name": "Zoran", "last_name": "Petrović", "phone": "030 1234567", "email": "z@example.org"})
    assert response.status_code == 200
    assert response.get_data(as_text=True).strip() == ""


def test_the_choice_made_stays_checked_when_the_list_is_refreshed(ask, known, staff):
    html = ask({"first_name": "Anna", "last_name": "Mueller", "attach_to": known.public_id}).get_data(as_text=True)
    assert f'value="{known.public_id}" id="attach_to-1" aria-describedby="attach_to-1-hint" checked' in html


def test_without_the_csrf_header_nothing_is_answered(client, known, staff):
    assert client.post(URL, json={"first_name": "Anna", "last_name": "Mueller"}).status_code == 400


@pytest.mark.parametrize("role", [Role.ADMIN, Role.ORG_MEMBER])
def test_admins_and_organisation_members_are_refused(client, known, role):
    organisation = make_organisation() if role is Role.ORG_MEMBER else None
    user = make_user(role, organisation=organisation)
    db.session.commit()
    log_in(client, user)
    assert client.get(PAGE).status_code == 403
    token = csrf_token_from(client.get("/intern").get_data(as_text=True))  # the logout form's
    assert client.post(URL, json={"last_name": "Mueller"}, headers={"X-CSRFToken": token}).status_code == 403
