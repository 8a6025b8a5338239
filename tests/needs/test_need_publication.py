"""Putting a need on the public board from the need form, what the title may hold, and what the
need page shows of pledges and alerts to coordinators and to the organisation."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.accounts.models import Role
from app.alerts.models import NeedAlert
from app.board.privacy import public_text_problems
from app.extensions import db
from app.matching.models import Match, MatchOrigin
from app.needs.models import Need
from app.offers.models import OfferKind, OfferStatus
from app.organisations.models import Organisation
from tests.factories import log_in, make_need, make_person, make_user
from tests.needs.test_need_pages import URL, need_form, post


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        ("Dolmetschen Arabisch beim Kinderarzt", []),
        ("Winterjacken für 20 Kinder, Größe 110", []),
        ("Fragen an heim@example.org", ["email"]),
        ("Bitte anrufen: 0511 123 4567", ["phone"]),
        ("Abholung Hauptstraße 12a", ["address"]),
        ("Möbel bitte zum Lister Platz 3 bringen", ["address"]),
        ("Sachspenden am Listholze abgeben", ["address"]),  # the organisation's own street
    ],
)
def test_public_titles_must_not_hold_contact_data_or_addresses(app, text, problems):
    organisation = Organisation(name="Unterkunft", street="Am Listholze 31")
    assert public_text_problems(text, organisation) == problems


def test_a_member_puts_a_need_on_the_board(client, csrf_token, member):
    assert post(client, csrf_token, f"{URL}/neu", need_form(is_public="y")).status_code == 302
    need = db.session.scalar(sa.select(Need))
    assert need.is_public and need.published_at is not None
    page = client.get(f"{URL}/{need.public_id}").get_data(as_text=True)
    assert f"/bedarfe/{need.public_id}" in page  # "so sehen es Bürgerinnen und Bürger"


def test_a_private_need_stays_off_the_board(client, csrf_token, member):
    post(client, csrf_token, f"{URL}/neu", need_form())
    need = db.session.scalar(sa.select(Need))
    assert not need.is_public and need.published_at is None


def test_a_public_title_with_an_address_is_refused_and_nothing_typed_is_lost(client, csrf_token, member):
    response = post(client, csrf_token, f"{URL}/neu", need_form(is_public="y", title="Kleidung an Am Listholze 31"))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "darf keine Anschrift enthalten" in html
    assert 'value="Kleidung an Am Listholze 31"' in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Need)) == 0
    # Kept private, the same title is fine: only the office sees it.
    assert post(client, csrf_token, f"{URL}/neu", need_form(title="Kleidung an Am Listholze 31")).status_code == 302


def test_going_public_again_keeps_the_first_date(client, csrf_token, member):
    post(client, csrf_token, f"{URL}/neu", need_form(is_public="y"))
    need = db.session.scalar(sa.select(Need))
    first = need.published_at
    edit = f"{URL}/{need.public_id}/bearbeiten"
    post(client, csrf_token, edit, need_form())
    post(client, csrf_token, edit, need_form(is_public="y"))
    db.session.expire_all()
    assert db.session.get(Need, need.id).published_at == first


def test_publishing_alerts_the_volunteers_who_asked(client, csrf_token, member):
    skills = "Dolmetschen beim Arzt"
    volunteer = make_person(
        "Samira", "Haddad", kind=OfferKind.INTERPRETING, languages=["ar"], skills=skills, alerts=True
    )
    volunteer.offers[0].status = OfferStatus.VERIFIED
    make_person("Ohne", "Hinweise", kind=OfferKind.INTERPRETING, languages=["ar"], skills=skills)
    db.session.commit()
    post(client, csrf_token, f"{URL}/neu", need_form(is_public="y", urgency="normal"))
    assert db.session.scalars(sa.select(NeedAlert.person_id)).all() == [volunteer.id]


def pledged_need(organisation) -> Need:
    need = make_need(organisation, is_public=True, quantity=3)
    person = make_person("Pia", "Pledge", kind=OfferKind.INTERPRETING, languages=["ar"])
    db.session.add(Match(need=need, offer=person.offers[0], origin=MatchOrigin.PLEDGE))
    db.session.commit()
    return need


def test_the_organisation_sees_how_many_pledges_wait_but_not_who(client, member, organisation):
    need = pledged_need(organisation)
    html = client.get(f"{URL}/{need.public_id}").get_data(as_text=True)
    assert "Eine Zusage wartet auf die Entscheidung der Koordinierungsstelle." in html
    assert "Pledge" not in html and "pia.pledge@example.org" not in html


def test_coordinators_see_who_pledged_and_can_decide(client, organisation):
    need = pledged_need(organisation)
    log_in(client, make_user(Role.COORDINATOR))
    db.session.commit()
    html = client.get(f"{URL}/{need.public_id}").get_data(as_text=True)
    match = db.session.scalar(sa.select(Match))
    assert "Pia Pledge" in html and "Zusage über die Bedarfsliste" in html
    assert f"/intern/vermittlungen/{match.id}" in html
    assert "Benachrichtigte Helferinnen und Helfer" in html
