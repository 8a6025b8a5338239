"""Need pages: members post their organisation's needs, coordinators any on an organisation's behalf."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app.accounts.models import Role
from app.core.audit import history
from app.extensions import db
from app.needs.models import Need, NeedStatus, Urgency
from app.needs.services import NeedData, create_need
from app.offers.models import OfferKind
from app.offers.services import Location
from app.organisations.models import OrganisationKind
from app.organisations.services import OrganisationData, create_organisation
from tests.factories import log_in, make_match, make_need, make_offer, make_person, make_user

URL = "/intern/bedarfe"


def need_form(**changes) -> dict:
    data = {
        "kind": "interpreting",
        "title": "Dolmetschen beim Kinderarzt",
        "description": "Familie aus Syrien, Termin am Vormittag",
        "required_languages": ["ar"],
        "helpful_languages": ["kmr"],
        "skills": "Erfahrung im Gesundheitswesen",
        "quantity": "2",
        "urgency": "high",
        "starts_on": "2026-12-01",
        "ends_on": "2026-12-31",
        "place": "organisation",
        "district": "",
        "postcode": "",
        "street": "",
        "town": "",
    }
    return {**data, **changes}


def add_organisation(name: str = "Unterkunft Am Listholze", district: str = "List"):
    return create_organisation(
        OrganisationData(
            name=name,
            kind=OrganisationKind.SHARED_HOUSING,
            location=Location(district=district, street="Am Listholze 31", postcode="30177"),
        )
    )


def chosen(html: str, value: str) -> bool:
    """Whether a checkbox, radio button or option with this value is ticked or selected."""
    return re.search(rf'<(input|option) (checked|selected) [^>]*value="{re.escape(value)}"', html) is not None


def post(client, csrf_token, url, data):
    return client.post(url, data={**data, "csrf_token": csrf_token(url)})


def test_member_posts_a_need_for_their_own_organisation(client, csrf_token, member, organisation):
    page = client.get(f"{URL}/neu").get_data(as_text=True)
    assert "Für welche Organisation?" not in page and "Wie kam die Anfrage?" not in page
    assert "Am Listholze 31" in page  # the organisation's place is named next to the choice
    response = post(client, csrf_token, f"{URL}/neu", need_form())
    assert response.status_code == 302
    need = db.session.scalar(sa.select(Need))
    assert response.headers["Location"].endswith(f"{URL}/{need.public_id}")
    assert need.organisation_id == organisation.id and need.created_by_id == member.id
    assert (need.kind, need.urgency, need.status, need.quantity) == (
        OfferKind.INTERPRETING,
        Urgency.HIGH,
        NeedStatus.OPEN,
        2,
    )
    assert need.required_languages == ["ar"] and need.helpful_languages == ["kmr"]
    assert (need.district, need.street, need.postcode, need.borough) == (
        "List",
        "Am Listholze 31",
        "30177",
        "Vahrenwald-List",
    )
    assert {event.action for event in history(need)} == {"created"}


def test_a_member_cannot_slip_in_another_organisation(client, csrf_token, member, organisation):
    other = add_organisation("Notunterkunft Messe", "Mitte")
    db.session.commit()
    post(client, csrf_token, f"{URL}/neu", need_form(organisation=other.public_id, channel="phone"))
    assert db.session.scalar(sa.select(Need.organisation_id)) == organisation.id


def test_a_need_at_another_place(client, csrf_token, member):
    data = need_form(place="other", district="Linden-Nord", street="Limmerstraße 1")
    assert post(client, csrf_token, f"{URL}/neu", data).status_code == 302
    need = db.session.scalar(sa.select(Need))
    assert (need.district, need.street, need.borough) == ("Linden-Nord", "Limmerstraße 1", "Linden-Limmer")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Bitte geben Sie einen kurzen Titel an."),
        ({"kind": ""}, "Bitte wählen Sie die Art der Hilfe."),
        ({"quantity": "0"}, "Bitte eine Zahl von 1 bis 10000."),
        ({"ends_on": "2026-11-01"}, "Das Ende darf nicht vor dem Beginn liegen."),
        ({"helpful_languages": ["ar"]}, "entweder erforderlich oder hilfreich"),
        ({"place": "other"}, "Wo wird die Hilfe gebraucht?"),
        ({"place": "other", "postcode": "99"}, "Eine Postleitzahl hat fünf Ziffern"),
    ],
)
def test_bad_input_is_shown_again_with_everything_typed(client, csrf_token, member, changes, message):
    data = need_form(**changes)
    response = post(client, csrf_token, f"{URL}/neu", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html and 'id="error-summary"' in html
    assert "Familie aus Syrien, Termin am Vormittag" in html and "Erfahrung im Gesundheitswesen" in html
    assert chosen(html, "ar")
    assert db.session.scalar(sa.select(sa.func.count(Need.id))) == 0


def test_a_typed_postcode_is_ignored_when_the_need_is_at_the_organisation(client, csrf_token, member):
    assert post(client, csrf_token, f"{URL}/neu", need_form(postcode="99")).status_code == 302
    assert db.session.scalar(sa.select(Need.postcode)) == "30177"


def test_coordinator_posts_on_an_organisations_behalf(client, csrf_token, coordinator, organisation):
    page = client.get(f"{URL}/neu?organisation={organisation.public_id}").get_data(as_text=True)
    assert chosen(page, organisation.public_id)
    data = need_form(organisation=organisation.public_id, channel="phone")
    assert post(client, csrf_token, f"{URL}/neu", data).status_code == 302
    need = db.session.scalar(sa.select(Need))
    assert need.organisation_id == organisation.id and need.created_by_id == coordinator.id
    assert need.street == "Am Listholze 31"
    (on_behalf,) = [event for event in history(need) if event.action == "posted_on_behalf"]
    assert on_behalf.changes == {"channel": "phone"} and on_behalf.actor_id == coordinator.id
    trail = client.get(f"{URL}/{need.public_id}").get_data(as_text=True)
    assert "Im Auftrag der Organisation eingetragen" in trail and "<dd>Telefon</dd>" in trail


def test_coordinator_must_choose_an_active_organisation_and_the_channel(client, csrf_token, coordinator, organisation):
    organisation.is_active = False
    db.session.commit()
    response = post(client, csrf_token, f"{URL}/neu", need_form(organisation=organisation.public_id))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Bitte sagen Sie, ob die Anfrage per Telefon oder per E-Mail kam." in html
    assert "Not a valid choice" in html or "Keine gültige Auswahl" in html  # WTForms' own message
    assert db.session.scalar(sa.select(sa.func.count(Need.id))) == 0


def test_edit_shows_the_need_and_records_old_and_new_values(client, csrf_token, member, organisation):
    need = create_need(
        organisation, NeedData(OfferKind.INTERPRETING, "Dolmetschen beim Arzt", required_languages=["ar"]), member
    )
    db.session.commit()
    url = f"{URL}/{need.public_id}/bearbeiten"
    page = client.get(url).get_data(as_text=True)
    assert 'value="Dolmetschen beim Arzt"' in page and chosen(page, "ar") and chosen(page, "organisation")
    response = post(client, csrf_token, url, need_form(title="Dolmetschen beim Zahnarzt", required_languages=["fa"]))
    assert response.status_code == 302
    changes = history(need)[0].changes
    assert changes["title"] == ["Dolmetschen beim Arzt", "Dolmetschen beim Zahnarzt"]
    assert changes["required_languages"] == [["ar"], ["fa"]]
    assert history(need)[0].actor_id == member.id
    detail = client.get(f"{URL}/{need.public_id}").get_data(as_text=True)
    assert "Dolmetschen beim Arzt → Dolmetschen beim Zahnarzt" in detail and "Mo Mitglied" in detail
    assert "Arabisch → Persisch" in detail  # stored codes are shown as language names


def test_an_edit_with_bad_input_changes_nothing(client, csrf_token, member, organisation):
    need = make_need(organisation)
    db.session.commit()
    url = f"{URL}/{need.public_id}/bearbeiten"
    response = post(client, csrf_token, url, need_form(title="Neu", quantity="viele"))
    assert response.status_code == 422 and 'value="Neu"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert need.title == "Dolmetschen beim Arzt"


def test_status_changes_along_the_allowed_paths_only(client, csrf_token, member, organisation):
    need = make_need(organisation)
    db.session.commit()
    detail = f"{URL}/{need.public_id}"
    page = client.get(detail).get_data(as_text=True)
    assert "Als teilweise besetzt markieren" in page and "Wieder öffnen" not in page
    assert post(client, csrf_token, f"{detail}/status", {"status": "closed"}).status_code == 302
    refused = post(client, csrf_token, f"{detail}/status", {"status": "filled"})
    assert refused.status_code == 422
    assert "Ein Bedarf mit dem Status „abgeschlossen“ kann nicht auf „besetzt“ gesetzt werden." in refused.get_data(
        as_text=True
    )
    assert post(client, csrf_token, f"{detail}/status", {"status": "open"}).status_code == 302
    db.session.expire_all()
    assert need.status is NeedStatus.OPEN
    assert [event.changes["status"] for event in reversed(history(need)) if event.action == "updated"] == [
        ["open", "closed"],
        ["closed", "open"],
    ]
    assert "offen → abgeschlossen" in client.get(detail).get_data(as_text=True)
    assert post(client, csrf_token, f"{detail}/status", {}).status_code == 422


def volunteer(need, status="approved", first_name="Layla", kind=OfferKind.INTERPRETING):
    person = make_person(first_name, "Haddad", email=f"{first_name.lower()}@example.org", phone="0511 7654321")
    person.street = "Geheimweg 7"
    return make_match(need, make_offer(person, kind), status)


def test_member_sees_approved_volunteers_without_contact_data(client, member, organisation):
    need = make_need(organisation)
    volunteer(need)
    volunteer(need, "active", first_name="Omid", kind=OfferKind.MENTORING)
    volunteer(need, "proposed", first_name="Petra")
    volunteer(need, "rejected", first_name="Rolf")
    db.session.commit()
    html = client.get(f"{URL}/{need.public_id}").get_data(as_text=True)
    assert "Layla Haddad" in html and "Omid Haddad" in html and "Patenschaft" in html
    assert "Petra" not in html and "Rolf" not in html
    for contact in ("layla@example.org", "omid@example.org", "7654321", "Geheimweg"):
        assert contact not in html


def test_coordinator_sees_the_volunteers_contact_data(client, coordinator, organisation):
    need = make_need(organisation)
    volunteer(need)
    db.session.commit()
    html = client.get(f"{URL}/{need.public_id}").get_data(as_text=True)
    assert "Layla Haddad" in html and "layla@example.org" in html and "0511 7654321" in html


def test_coordinator_list_filters(client, coordinator, organisation):
    other = add_organisation("Unterstützerkreis Linden", "Linden-Nord")
    make_need(organisation, title="Bedarf A", urgency=Urgency.HIGH, district="List", borough="Vahrenwald-List")
    make_need(organisation, title="Bedarf B", kind=OfferKind.DONATION, status=NeedStatus.CLOSED)
    make_need(other, title="Bedarf C", district="Linden-Nord", borough="Linden-Limmer")
    db.session.commit()

    def titles(query: str = "") -> list[str]:
        html = client.get(f"{URL}{query}").get_data(as_text=True)
        return [title for title in ("Bedarf A", "Bedarf B", "Bedarf C") if f">{title}</a>" in html]

    assert titles() == ["Bedarf A", "Bedarf B", "Bedarf C"]
    assert titles("?status=closed") == ["Bedarf B"]
    assert titles("?kind=donation") == ["Bedarf B"]
    assert titles("?urgency=high") == ["Bedarf A"]
    assert titles("?borough=Linden-Limmer") == ["Bedarf C"]
    assert titles(f"?organisation={other.public_id}") == ["Bedarf C"]
    assert titles("?status=open&kind=interpreting") == ["Bedarf A", "Bedarf C"]


def test_member_list_shows_only_their_needs_and_has_no_organisation_filter(client, member, organisation):
    other = add_organisation("Notunterkunft Messe", "Mitte")
    make_need(organisation, title="Unser Bedarf")
    make_need(other, title="Fremder Bedarf")
    db.session.commit()
    html = client.get(f"{URL}?organisation={other.public_id}").get_data(as_text=True)
    assert "Unser Bedarf" in html and "Fremder Bedarf" not in html and "Notunterkunft Messe" not in html


def test_the_list_is_paged_with_a_bounded_number_of_queries(app, client, coordinator, organisation):
    for number in range(30):
        make_need(organisation, title=f"Bedarf Nummer {number:02d}")
    db.session.commit()
    first = client.get(URL).get_data(as_text=True)
    assert "30 Bedarfe" in first and "Seite 1 von 2" in first and first.count("Bedarf Nummer") == 25
    second = client.get(f"{URL}?seite=2&status=open").get_data(as_text=True)
    assert second.count("Bedarf Nummer") == 5 and "Vorherige Seite" in second and "status=open" in second

    statements = []
    sa.event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    client.get(URL)
    # Session user, count, page with organisations joined, the organisation filter's choices.
    assert len(statements) <= 6, statements


@pytest.mark.parametrize("role", [Role.ADMIN, Role.HOTLINE])
def test_admin_and_hotline_have_no_business_with_needs(client, csrf_token, organisation, role):
    need = make_need(organisation)
    user = make_user(role)
    db.session.commit()
    log_in(client, user)
    for url in (URL, f"{URL}/neu", f"{URL}/{need.public_id}", f"{URL}/{need.public_id}/bearbeiten"):
        assert client.get(url).status_code == 403
    token = csrf_token("/intern")
    for url in (f"{URL}/neu", f"{URL}/{need.public_id}/bearbeiten", f"{URL}/{need.public_id}/status"):
        assert client.post(url, data={"csrf_token": token, "status": "closed"}).status_code == 403
    db.session.expire_all()
    assert need.status is NeedStatus.OPEN


def test_the_place_shows_only_the_parts_known(client, member, organisation):
    """A need at a Stadtteil without postcode or town once began with an empty line."""
    need = make_need(organisation, district="List")
    db.session.commit()
    html = client.get(f"/intern/bedarfe/{need.public_id}").get_data(as_text=True)
    assert '<dd class="kern-description-list-item__value">List</dd>' in html
