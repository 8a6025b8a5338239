"""Pledges: "I can help with this" on the board opens the offer form filled in for the need,
and the submission is linked to the need for a coordinator to decide."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app.accounts.models import Role
from app.board.services import board_entry, board_query, coverage_of
from app.extensions import db
from app.matching import decisions
from app.matching.models import Match, MatchOrigin, MatchStatus
from app.needs.models import Need, NeedStatus
from app.offers.models import OfferKind, OfferStatus
from app.offers.services import confirm_person
from app.people.models import Person
from tests.factories import make_need, make_organisation, make_user
from tests.offers.payloads import offer_form

FORM_URL = "/helfen/angebot"


def public_need(**fields) -> Need:
    fields.setdefault("is_public", True)
    need = make_need(make_organisation(), **fields)
    db.session.commit()
    return need


@pytest.fixture
def interpreting_need(app) -> Need:
    return public_need(
        title="Dolmetschen beim Kinderarzt", kind=OfferKind.INTERPRETING, required_languages=["ar"], quantity=2
    )


@pytest.fixture
def donation_need(app) -> Need:
    return public_need(title="Winterjacken Größe 110 bis 140", kind=OfferKind.DONATION, quantity=20)


def checked(html: str, name: str) -> set[str]:
    """Values of the checked boxes and radios called ``name``."""
    found = set()
    for tag in re.findall(r"<input[^>]*>", html):
        if f'name="{name}"' in tag and "checked" in tag:
            found.add(re.search(r'value="([^"]*)"', tag).group(1))
    return found


def pledge_submit(client, csrf_token, need: Need, *kinds: str, **overrides):
    url = f"{FORM_URL}?bedarf={need.public_id}"
    data = {**offer_form(*kinds, **overrides), "need": need.public_id, "csrf_token": csrf_token(url)}
    return client.post(FORM_URL, data=data)


def pledges() -> list[Match]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Match).where(Match.origin == MatchOrigin.PLEDGE)))


def test_the_form_comes_filled_in_for_the_need(client, interpreting_need):
    html = client.get(f"{FORM_URL}?bedarf={interpreting_need.public_id}").get_data(as_text=True)
    assert checked(html, "kinds") == {"interpreting"}
    assert "ar" in checked(html, "languages")
    # The need's concept (a doctor's appointment) ticks the matching option of the kind.
    assert checked(html, "interpreting-settings") == {"doctors"}
    assert re.search(r'<option selected value="ar">|<option value="ar" selected', html)
    assert f'name="need" type="hidden" value="{interpreting_need.public_id}"' in html
    assert "Sie sagen Ihre Hilfe zu für:" in html
    assert "Noch gesucht: 2 von 2" in html


def test_a_donation_starts_with_the_needs_title(client, donation_need):
    html = client.get(f"{FORM_URL}?bedarf={donation_need.public_id}").get_data(as_text=True)
    assert "Winterjacken Größe 110 bis 140</textarea>" in html
    # Two steps in the taxonomy: winter jackets → winter clothing → clothing, the form's category.
    assert checked(html, "donation-categories") == {"clothing"}


def test_options_related_to_the_needs_concepts_are_ticked(client, app):
    need = public_need(title="Winterkleidung für Kinder", kind=OfferKind.DONATION, quantity=5)
    html = client.get(f"{FORM_URL}?bedarf={need.public_id}").get_data(as_text=True)
    assert checked(html, "donation-categories") == {"clothing"}


@pytest.mark.parametrize("state", ["private", "filled", "unknown"])
def test_a_need_off_the_board_prefills_nothing_and_says_so(client, app, state):
    need = public_need(is_public=state != "private", status=NeedStatus.FILLED if state == "filled" else None)
    public_id = "no-such-need" if state == "unknown" else need.public_id
    html = client.get(f"{FORM_URL}?bedarf={public_id}").get_data(as_text=True)
    assert "inzwischen gedeckt oder nicht mehr öffentlich" in html
    assert checked(html, "kinds") == set()
    assert 'name="need" type="hidden" value=""' in html


def test_a_submission_is_linked_to_the_need_as_a_pledge(client, csrf_token, interpreting_need):
    response = pledge_submit(client, csrf_token, interpreting_need, "interpreting", "donation")
    assert response.status_code == 302
    [match] = pledges()  # the donation cannot serve an interpreting need
    assert match.need_id == interpreting_need.id
    assert match.offer.kind is OfferKind.INTERPRETING
    assert (match.status, match.quantity) == (MatchStatus.PROPOSED, 1)
    thanks = client.get("/helfen/danke").get_data(as_text=True)
    assert "Ihre Zusage" in thanks and "Dolmetschen beim Kinderarzt" in thanks


def test_a_pledge_counts_once_the_mail_address_is_confirmed(client, csrf_token, donation_need):
    pledge_submit(client, csrf_token, donation_need, "donation")
    [match] = pledges()
    assert match.quantity == 3  # the offer's own quantity: three jackets
    assert coverage_of([donation_need])[donation_need.id].missing == 20  # opt-in still outstanding
    confirm_person(db.session.scalar(sa.select(Person)))
    db.session.commit()
    coverage = board_entry(db.session.get(Need, donation_need.id)).coverage
    assert (coverage.pledged, coverage.missing) == (3, 17)


def test_an_approved_pledge_that_covers_the_need_takes_it_off_the_board(client, csrf_token, app):
    need = public_need(title="Winterjacken", kind=OfferKind.DONATION, quantity=3)
    pledge_submit(client, csrf_token, need, "donation")
    [match] = pledges()
    confirm_person(match.offer.person)
    decisions.approve(match, make_user(Role.COORDINATOR))
    db.session.commit()
    assert db.session.get(Need, need.id).status is NeedStatus.FILLED
    assert db.session.scalar(board_query().where(Need.id == need.id)) is None


def test_a_form_with_errors_keeps_the_need(client, csrf_token, interpreting_need):
    response = pledge_submit(client, csrf_token, interpreting_need, "interpreting", email="")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'value="{interpreting_need.public_id}"' in html
    assert "Sie sagen Ihre Hilfe zu für:" in html
    assert pledges() == []


def test_a_need_that_left_the_board_meanwhile_still_stores_the_offer(client, csrf_token, interpreting_need):
    url = f"{FORM_URL}?bedarf={interpreting_need.public_id}"
    token = csrf_token(url)
    interpreting_need.is_public = False
    db.session.commit()
    data = {**offer_form("interpreting"), "need": interpreting_need.public_id, "csrf_token": token}
    assert client.post(FORM_URL, data=data).status_code == 302
    assert pledges() == []
    assert db.session.scalar(sa.select(Person)).offers[0].status is OfferStatus.UNCONFIRMED


def test_asking_for_alerts_in_the_form_is_kept_with_the_person(submit):
    submit(offer_form("interpreting", alerts="y"))
    person = db.session.scalar(sa.select(Person))
    assert person.alerts_enabled and person.alerts_changed_at is not None


def test_alerts_stay_off_unless_asked_for(submit):
    submit(offer_form("interpreting"))
    assert db.session.scalar(sa.select(Person)).alerts_enabled is False
