from __future__ import annotations

import pytest

from app.accounts.models import Role
from app.extensions import db
from app.needs.models import Need
from app.offers.models import OfferKind
from tests.factories import make_organisation, make_user
from tests.offers.payloads import offer_form


def login(client, csrf_token, email, password, next_url=""):
    url = "/anmelden" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"email": email, "password": password, "csrf_token": csrf_token(url)})


def test_staff_logs_in_and_sees_confirmed_offers(client, csrf_token, submit):
    from app.offers.services import confirm_person
    from app.people.models import Person

    submit(offer_form("interpreting"))
    confirm_person(db.session.query(Person).one())
    make_user(Role.COORDINATOR, display_name="Kim Koordination")
    db.session.commit()
    response = login(client, csrf_token, "coordinator@example.org", "richtig-langes-passwort")
    assert response.status_code == 302 and response.headers["Location"].endswith("/intern")
    html = client.get("/intern").get_data(as_text=True)
    assert "Kim Koordination" in html and "HN-" in html and "Dolmetschen" in html


def test_wrong_password_gets_one_message_for_both_cases(client, csrf_token):
    make_user(Role.HOTLINE)
    db.session.commit()
    unknown = login(client, csrf_token, "nobody@example.org", "x").get_data(as_text=True)
    wrong = login(client, csrf_token, "hotline@example.org", "falsch").get_data(as_text=True)
    message = "E-Mail-Adresse oder Passwort stimmen nicht."
    assert message in unknown and message in wrong


def test_deactivated_account_cannot_log_in(client, csrf_token):
    make_user(Role.HOTLINE, is_active=False)
    db.session.commit()
    response = login(client, csrf_token, "hotline@example.org", "richtig-langes-passwort")
    assert response.status_code == 422
    assert client.get("/intern").status_code == 302


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [("/intern", "/intern"), ("https://evil.example/", "/intern"), ("//evil.example/x", "/intern")],
)
def test_login_redirects_only_to_local_paths(client, csrf_token, next_url, expected):
    make_user(Role.ADMIN)
    db.session.commit()
    response = login(client, csrf_token, "admin@example.org", "richtig-langes-passwort", next_url)
    assert response.headers["Location"] == expected


def test_org_member_sees_only_the_own_organisations_needs(client, csrf_token):
    own, other = make_organisation("Eigene Unterkunft"), make_organisation("Fremde Unterkunft")
    db.session.add_all(
        [
            Need(organisation=own, kind=OfferKind.INTERPRETING, title="Dolmetschen Dari beim Arzt"),
            Need(organisation=other, kind=OfferKind.DONATION, title="Winterjacken"),
        ]
    )
    make_user(Role.ORG_MEMBER, organisation_id=own.id)
    db.session.commit()
    login(client, csrf_token, "org_member@example.org", "richtig-langes-passwort")
    html = client.get("/intern").get_data(as_text=True)
    assert "Dolmetschen Dari beim Arzt" in html and "Winterjacken" not in html


def test_back_office_needs_a_login(client):
    response = client.get("/intern")
    assert response.status_code == 302 and "/anmelden" in response.headers["Location"]


def test_logout_needs_post_with_csrf(client, csrf_token):
    make_user(Role.ADMIN)
    db.session.commit()
    login(client, csrf_token, "admin@example.org", "richtig-langes-passwort")
    assert client.get("/abmelden").status_code == 405
    assert client.post("/abmelden").status_code == 400
    token = csrf_token("/intern")
    assert client.post("/abmelden", data={"csrf_token": token}).status_code == 302
    assert client.get("/intern").status_code == 302


def test_login_page_shows_no_error_box_before_anything_was_sent(client):
    assert 'id="error-summary"' not in client.get("/anmelden").get_data(as_text=True)


def test_failed_login_shows_the_error_box(client, csrf_token):
    html = login(client, csrf_token, "nobody@example.org", "x").get_data(as_text=True)
    assert 'id="error-summary"' in html and 'href="#password"' in html
