"""Need services: status transitions, who sees which need, where a need is."""

from __future__ import annotations

import pytest
from werkzeug.exceptions import NotFound

from app.accounts.models import Role
from app.core.audit import history
from app.extensions import db
from app.needs.models import NeedStatus, Urgency
from app.needs.services import (
    TRANSITIONS,
    NeedData,
    StatusChangeRefused,
    change_status,
    create_need,
    get_need_for,
    needs_for,
    update_need,
)
from app.offers.models import OfferKind
from app.offers.services import Location
from app.organisations.models import OrganisationKind
from app.organisations.services import OrganisationData, create_organisation
from app.people.models import Channel
from tests.factories import make_need, make_organisation, make_user

OPEN, PARTLY, FILLED, CLOSED = NeedStatus


@pytest.fixture
def organisation(app):
    return create_organisation(
        OrganisationData(
            name="Unterkunft Am Listholze",
            kind=OrganisationKind.SHARED_HOUSING,
            location=Location(district="List", postcode="30177", street="Am Listholze 31", town="Hannover"),
        )
    )


def need_data(**changes) -> NeedData:
    return NeedData(**{"kind": OfferKind.INTERPRETING, "title": "Dolmetschen beim Arzt", **changes})


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (OPEN, PARTLY),
        (OPEN, FILLED),
        (OPEN, CLOSED),
        (PARTLY, FILLED),
        (FILLED, CLOSED),
        (FILLED, OPEN),
        (CLOSED, OPEN),
    ],
)
def test_allowed_transitions(organisation, start, target):
    need = make_need(organisation, status=start)
    change_status(need, target)
    assert need.status is target


@pytest.mark.parametrize(
    ("start", "target"),
    [(OPEN, OPEN), (PARTLY, OPEN), (FILLED, PARTLY), (CLOSED, FILLED), (CLOSED, PARTLY), (CLOSED, CLOSED)],
)
def test_refused_transitions_say_why(organisation, start, target):
    need = make_need(organisation, status=start)
    with pytest.raises(StatusChangeRefused, match="kann nicht auf"):
        change_status(need, target)
    assert need.status is start


def test_every_status_has_its_transitions_and_unknown_ones_are_refused(organisation):
    assert set(TRANSITIONS) == set(NeedStatus)
    with pytest.raises(StatusChangeRefused, match="Bitte wählen Sie"):
        change_status(make_need(organisation), "done")


def test_a_need_at_the_organisation_copies_its_place(organisation):
    author = make_user(Role.ORG_MEMBER, organisation=organisation)
    need = create_need(organisation, need_data(), author)
    assert (need.district, need.postcode, need.street, need.town, need.borough) == (
        "List",
        "30177",
        "Am Listholze 31",
        "Hannover",
        "Vahrenwald-List",
    )
    assert (need.lat, need.lon) == (organisation.lat, organisation.lon)
    assert need.status is NeedStatus.OPEN and need.created_by_id == author.id


def test_a_need_elsewhere_keeps_its_own_place(organisation):
    author = make_user(Role.COORDINATOR)
    need = create_need(organisation, need_data(location=Location(district="Linden-Nord")), author, Channel.MAIL)
    assert (need.district, need.borough, need.street) == ("Linden-Nord", "Linden-Limmer", None)
    events = {event.action: event.changes for event in history(need)}
    assert events == {"created": {}, "posted_on_behalf": {"channel": "mail"}}


def test_languages_are_iso_code_lists_without_overlap(organisation):
    author = make_user(Role.COORDINATOR)
    need = create_need(
        organisation,
        need_data(required_languages=["ar", "de", "ar"], helpful_languages=["fa", "de"], urgency=Urgency.HIGH),
        author,
    )
    db.session.commit()
    db.session.expire_all()
    assert need.required_languages == ["ar", "de"] and need.helpful_languages == ["fa"]


def test_an_edit_is_audited_with_old_and_new_values(organisation):
    need = create_need(organisation, need_data(required_languages=["ar"]), make_user(Role.COORDINATOR))
    db.session.commit()
    update_need(need, need_data(title="Dolmetschen beim Kinderarzt", required_languages=["ar", "kmr"], quantity=2))
    db.session.commit()
    changes = history(need)[0].changes
    assert changes["title"] == ["Dolmetschen beim Arzt", "Dolmetschen beim Kinderarzt"]
    assert changes["required_languages"] == [["ar"], ["ar", "kmr"]]
    assert changes["quantity"] == [1, 2]


def test_needs_are_scoped_by_role(organisation):
    other = make_organisation("Notunterkunft Messe")
    own_need, other_need = make_need(organisation), make_need(other)
    member = make_user(Role.ORG_MEMBER, organisation=organisation)
    coordinator = make_user(Role.COORDINATOR, email="k@example.org")
    scoped = {user: db.session.scalars(needs_for(user)).all() for user in (member, coordinator)}
    assert scoped[member] == [own_need]
    assert set(scoped[coordinator]) == {own_need, other_need}
    for role in (Role.ADMIN, Role.HOTLINE):
        assert db.session.scalars(needs_for(make_user(role))).all() == []
    assert get_need_for(member, own_need.public_id) is own_need
    with pytest.raises(NotFound):
        get_need_for(member, other_need.public_id)
