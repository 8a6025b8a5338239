"""Organisation pages: the admin manages, coordinators read, a member sees only their own."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.accounts.models import Role
from app.core.audit import history
from app.extensions import db
from app.offers.services import Location
from app.organisations.models import Organisation, OrganisationKind
from app.organisations.services import OrganisationData, create_organisation
from tests.factories import log_in, make_need, make_organisation, make_user

URL = "/intern/organisationen"


def org_form(**changes) -> dict:
    data = {
        "name": "Unterkunft Vahrenwalder Straße",
        "kind": "shared_housing",
        "district": "Vahrenwald",
        "postcode": "30165",
        "street": "Vahrenwalder Straße 92",
        "town": "Hannover",
        "contact_name": "Sabine Sozial",
        "email": "unterkunft@example.org",
        "phone": "0511 1234567",
    }
    return {**data, **changes}


@pytest.fixture
def admin(app, client):
    user = make_user(Role.ADMIN, display_name="Ada Admin")
    db.session.commit()
    log_in(client, user)
    return user


def add(name: str, kind=OrganisationKind.SHARED_HOUSING, district="List", **fields) -> Organisation:
    return create_organisation(OrganisationData(name=name, kind=kind, location=Location(district=district), **fields))


def test_admin_creates_an_organisation_located_in_its_stadtbezirk(client, csrf_token, admin):
    response = client.post(f"{URL}/neu", data={**org_form(), "csrf_token": csrf_token(f"{URL}/neu")})
    assert response.status_code == 302
    organisation = db.session.scalar(sa.select(Organisation))
    assert response.headers["Location"].endswith(f"{URL}/{organisation.public_id}")
    assert (organisation.kind, organisation.district, organisation.borough) == (
        OrganisationKind.SHARED_HOUSING,
        "Vahrenwald",
        "Vahrenwald-List",
    )
    assert organisation.lat and organisation.is_active
    assert (organisation.contact_name, organisation.email, organisation.phone) == (
        "Sabine Sozial",
        "unterkunft@example.org",
        "0511 1234567",
    )
    assert history(organisation)[0].action == "created"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "Bitte geben Sie den Namen der Organisation an."),
        ({"kind": ""}, "Bitte wählen Sie die Art der Organisation."),
        ({"phone": "12"}, "Bitte geben Sie eine gültige Telefonnummer an"),
        ({"email": "kein-at-zeichen"}, "Bitte geben Sie eine gültige E-Mail-Adresse an"),
        ({"district": "", "postcode": ""}, "Wo liegt die Organisation?"),
        ({"postcode": "3016"}, "Eine Postleitzahl hat fünf Ziffern"),
    ],
)
def test_bad_input_is_shown_again_with_everything_typed(client, csrf_token, admin, changes, message):
    data = org_form(**changes)
    response = client.post(f"{URL}/neu", data={**data, "csrf_token": csrf_token(f"{URL}/neu")})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html and 'id="error-summary"' in html
    for key in ("name", "street", "contact_name", "email", "phone"):
        if data[key]:
            assert f'value="{data[key]}"' in html
    assert db.session.scalar(sa.select(sa.func.count(Organisation.id))) == 0


def test_a_name_is_used_once_whatever_the_case(client, csrf_token, admin):
    add("Unterkunft Vahrenwalder Straße")
    db.session.commit()
    response = client.post(
        f"{URL}/neu", data={**org_form(name="unterkunft vahrenwalder straße"), "csrf_token": csrf_token(f"{URL}/neu")}
    )
    assert response.status_code == 422
    assert "Eine Organisation mit diesem Namen gibt es schon." in response.get_data(as_text=True)


def test_edit_keeps_old_and_new_values_in_the_trail(client, csrf_token, admin):
    organisation = add("Notunterkunft Messe", kind=OrganisationKind.EMERGENCY_SHELTER, phone="0511 111111")
    db.session.commit()
    url = f"{URL}/{organisation.public_id}/bearbeiten"
    form_page = client.get(url).get_data(as_text=True)
    assert 'value="Notunterkunft Messe"' in form_page and '<option selected value="emergency_shelter">' in form_page
    data = org_form(name="Notunterkunft Messe Halle 2", kind="emergency_shelter", district="Döhren", postcode="")
    response = client.post(url, data={**data, "csrf_token": csrf_token(url)})
    assert response.status_code == 302
    db.session.expire_all()
    assert (organisation.name, organisation.borough) == ("Notunterkunft Messe Halle 2", "Döhren-Wülfel")
    changes = history(organisation)[0].changes
    assert changes["name"] == ["Notunterkunft Messe", "Notunterkunft Messe Halle 2"]
    assert changes["district"] == ["List", "Döhren"]
    assert changes["phone"] == ["0511 111111", "0511 1234567"]
    assert history(organisation)[0].actor_id == admin.id
    page = client.get(f"{URL}/{organisation.public_id}").get_data(as_text=True)
    assert "Notunterkunft Messe → Notunterkunft Messe Halle 2" in page and "Ada Admin" in page


def test_editing_with_bad_input_is_refused_and_keeps_the_input(client, csrf_token, admin):
    organisation = add("Notunterkunft Messe")
    db.session.commit()
    url = f"{URL}/{organisation.public_id}/bearbeiten"
    response = client.post(url, data={**org_form(name="Neuer Name", phone="abc"), "csrf_token": csrf_token(url)})
    assert response.status_code == 422
    assert 'value="Neuer Name"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert organisation.name == "Notunterkunft Messe"


def test_deactivation_locks_the_members_out_at_once(app, client, csrf_token, admin):
    organisation = add("Unterkunft Am Listholze")
    member = make_user(Role.ORG_MEMBER, email="m@example.org", organisation=organisation)
    db.session.commit()
    member_client = app.test_client()
    log_in(member_client, member)
    url = f"{URL}/{organisation.public_id}"
    response = client.post(f"{url}/deaktivieren", data={"csrf_token": csrf_token(url)})
    assert response.status_code == 302
    assert "1 Konto wurde gesperrt" in client.get(url).get_data(as_text=True)
    db.session.expire_all()
    assert not organisation.is_active and not member.is_active
    assert member_client.get("/intern/bedarfe").status_code == 302  # back to the login page
    assert history(member)[0].changes["is_active"] == [True, False]

    response = client.post(f"{url}/reaktivieren", data={"csrf_token": csrf_token(url)})
    assert response.status_code == 302
    db.session.expire_all()
    assert organisation.is_active and not member.is_active  # accounts come back one by one


def test_list_filters_by_kind_stadtbezirk_and_status(client, admin):
    add("Unterkunft List", district="List")
    add("Unterstützerkreis Linden", kind=OrganisationKind.NEIGHBOURHOOD_NETWORK, district="Linden-Nord")
    closed = add("Alte Notunterkunft", kind=OrganisationKind.EMERGENCY_SHELTER, district="Mitte")
    closed.is_active = False
    db.session.commit()

    def names(query: str = "") -> list[str]:
        html = client.get(f"{URL}{query}").get_data(as_text=True)
        return [name for name in ("Unterkunft List", "Unterstützerkreis Linden", "Alte Notunterkunft") if name in html]

    assert names() == ["Unterkunft List", "Unterstützerkreis Linden"]
    assert names("?kind=neighbourhood_network") == ["Unterstützerkreis Linden"]
    assert names("?borough=Vahrenwald-List") == ["Unterkunft List"]
    assert names("?active=inactive") == ["Alte Notunterkunft"]
    assert names("?active=all&borough=Mitte") == ["Alte Notunterkunft"]
    # A tampered value filters nothing instead of failing.
    assert names("?kind=castle") == ["Unterkunft List", "Unterstützerkreis Linden"]


def test_list_counts_open_needs(client, admin):
    organisation = add("Unterkunft List")
    make_need(organisation)
    make_need(organisation, title="Schon erledigt", status="closed")
    db.session.commit()
    html = client.get(URL).get_data(as_text=True)
    assert '<td class="kern-table__cell kern-table__cell--numeric">1</td>' in html


def test_detail_shows_members_needs_and_the_invite_link_to_the_admin(client, admin):
    organisation = add("Unterkunft List", contact_name="Sabine Sozial")
    make_user(Role.ORG_MEMBER, email="m@example.org", display_name="Mo Mitglied", organisation=organisation)
    make_need(organisation, title="Fahrräder für Kinder")
    db.session.commit()
    html = client.get(f"{URL}/{organisation.public_id}").get_data(as_text=True)
    assert "Sabine Sozial" in html and "Mo Mitglied" in html and "Fahrräder für Kinder" in html
    assert f"organisation={organisation.public_id}" in html and "Mitglied einladen" in html
    # Needs are not the admin's business: listed, but not linked.
    assert "/intern/bedarfe/" not in html


def test_coordinator_reads_but_does_not_manage(client):
    organisation = make_organisation()
    coordinator = make_user(Role.COORDINATOR)
    db.session.commit()
    log_in(client, coordinator)
    html = client.get(f"{URL}/{organisation.public_id}").get_data(as_text=True)
    assert organisation.name in html and "Mitglied einladen" not in html and "Bearbeiten" not in html
    assert client.get(f"{URL}/{organisation.public_id}/bearbeiten").status_code == 403
    assert client.get(f"{URL}/neu").status_code == 403


def test_a_member_is_sent_from_the_list_to_their_own_organisation(client):
    own = make_organisation()
    member = make_user(Role.ORG_MEMBER, organisation=own)
    db.session.commit()
    log_in(client, member)
    response = client.get(URL)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"{URL}/{own.public_id}")


def test_hotline_has_no_business_with_organisations(client):
    organisation = make_organisation()
    hotline = make_user(Role.HOTLINE)
    db.session.commit()
    log_in(client, hotline)
    assert client.get(URL).status_code == 403
    assert client.get(f"{URL}/{organisation.public_id}").status_code == 403
