"""Decisions on matches: the moves there are, capacity in units per kind, the need's status following."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.accounts.models import Role
from app.core.audit import history
from app.extensions import db
from app.matching import decisions
from app.matching.decisions import CapacityExhausted, DecisionRefused
from app.matching.models import MatchStatus
from app.needs.models import NeedStatus
from app.offers.models import OfferKind, OfferStatus
from app.outbox.models import OutboxMessage
from tests.factories import make_match, make_need, make_offer, make_organisation, make_person, make_user

S = MatchStatus


@pytest.fixture
def coordinator(app):
    return make_user(Role.COORDINATOR)


@pytest.fixture
def organisation(app):
    return make_organisation(email="kontakt@listholze.example", contact_name="Sara Yilmaz", phone="0511 1234567")


def offer_of(first_name: str = "Anna", kind: OfferKind = OfferKind.INTERPRETING, **fields):
    return make_offer(make_person(first_name), kind, **fields)


def proposed(need, offer=None, actor=None):
    return decisions.propose(need, offer or offer_of(), actor)


def test_propose_stores_the_pair_and_tells_nobody(organisation, coordinator):
    match = proposed(make_need(organisation), actor=coordinator)
    assert match.status is S.PROPOSED
    assert match.decided_by_id == coordinator.id
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0


def test_a_pair_is_proposed_only_once(organisation):
    need, offer = make_need(organisation), offer_of()
    decisions.propose(need, offer, None)
    with pytest.raises(DecisionRefused):
        decisions.propose(need, offer, None)


@pytest.mark.parametrize("status", [OfferStatus.UNCONFIRMED, OfferStatus.ON_HOLD, OfferStatus.WITHDRAWN])
def test_only_open_offers_are_proposed(organisation, status):
    with pytest.raises(DecisionRefused):
        proposed(make_need(organisation), offer_of(status=status))


def test_a_closed_need_gets_no_proposals(organisation):
    with pytest.raises(DecisionRefused):
        proposed(make_need(organisation, status=NeedStatus.CLOSED))


FORWARD = [
    (S.PROPOSED, decisions.approve, S.APPROVED),
    (S.APPROVED, decisions.mark_contacted, S.CONTACTED),
    (S.CONTACTED, decisions.mark_active, S.ACTIVE),
    (S.ACTIVE, decisions.complete, S.COMPLETED),
]


@pytest.mark.parametrize(("start", "move", "target"), FORWARD)
def test_legal_moves(organisation, coordinator, start, move, target):
    match = make_match(make_need(organisation, quantity=2), offer_of(), start.value)
    assert move(match, coordinator).status is target
    assert match.decided_by_id == coordinator.id and match.decided_at is not None


@pytest.mark.parametrize("start", [S.PROPOSED, S.REJECTED, S.CANCELLED, S.COMPLETED])
def test_illegal_moves_raise_value_error(organisation, start):
    match = make_match(make_need(organisation), offer_of(), start.value)
    for move in (decisions.mark_contacted, decisions.mark_active, decisions.complete):
        with pytest.raises(ValueError, match="in diesem Stand"):
            move(match, None)
    assert match.status is start


@pytest.mark.parametrize("start", [S.APPROVED, S.CONTACTED, S.ACTIVE, S.COMPLETED, S.REJECTED])
def test_only_proposals_can_be_approved_or_rejected(organisation, start):
    match = make_match(make_need(organisation), offer_of(), start.value)
    with pytest.raises(DecisionRefused):
        decisions.approve(match, None)
    with pytest.raises(DecisionRefused):
        decisions.reject(match, None, "passt nicht")


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_reject_and_cancel_need_a_reason(organisation, reason):
    need = make_need(organisation, quantity=2)
    proposal, approved = make_match(need, offer_of("Anna"), "proposed"), make_match(need, offer_of("Ben"))
    with pytest.raises(DecisionRefused, match="Grund"):
        decisions.reject(proposal, None, reason)
    with pytest.raises(DecisionRefused, match="Grund"):
        decisions.cancel(approved, None, reason)
    assert (proposal.status, approved.status) == (S.PROPOSED, S.APPROVED)


def test_reject_keeps_the_reason_in_the_note_and_the_trail(organisation, coordinator):
    match = proposed(make_need(organisation))
    decisions.reject(match, coordinator, "  spricht kein Arabisch ")
    assert match.status is S.REJECTED and match.note == "spricht kein Arabisch"
    [update, _created] = history(match)
    assert update.changes["status"] == ["proposed", "rejected"]
    assert update.changes["note"] == [None, "spricht kein Arabisch"]


@pytest.mark.parametrize(
    ("kind", "need_quantity", "offer_quantity", "expected"),
    [
        (OfferKind.HOUSING, 5, 3, 3),  # a flat for three, a family of five
        (OfferKind.HOUSING, 2, 4, 2),
        (OfferKind.DONATION, 20, 12, 12),
        (OfferKind.DONATION, 5, None, 1),  # no quantity given: one item
        (OfferKind.INTERPRETING, 3, 5, 1),  # one person helps once
        (OfferKind.MENTORING, 4, None, 1),
    ],
)
def test_approval_fills_units_per_kind(organisation, kind, need_quantity, offer_quantity, expected):
    need = make_need(organisation, kind=kind, quantity=need_quantity)
    match = decisions.approve(proposed(need, offer_of(kind=kind, quantity=offer_quantity)), None)
    assert match.quantity == expected
    assert decisions.remaining(need) == need_quantity - expected
    assert decisions.offer_remaining(match.offer) == max((offer_quantity or 1) - expected, 0)


def test_the_need_status_follows_the_units_left(organisation):
    need = make_need(organisation, kind=OfferKind.DONATION, quantity=10)
    first = decisions.approve(proposed(need, offer_of("Anna", OfferKind.DONATION, quantity=4)), None)
    assert need.status is NeedStatus.PARTLY_FILLED
    second = decisions.approve(proposed(need, offer_of("Ben", OfferKind.DONATION, quantity=6)), None)
    assert need.status is NeedStatus.FILLED and decisions.remaining(need) == 0
    decisions.cancel(second, None, "Spende kam nicht")
    assert need.status is NeedStatus.PARTLY_FILLED and decisions.remaining(need) == 6
    decisions.cancel(first, None, "zurückgezogen")
    assert need.status is NeedStatus.OPEN and decisions.remaining(need) == 10


def test_only_filling_states_use_capacity(organisation):
    need = make_need(organisation, quantity=5)
    for status in S:
        make_match(need, offer_of(status.value), status.value)
    # approved, contacted, active and completed: one unit each
    assert decisions.remaining(need) == 1


def test_a_full_need_cannot_be_approved_again(organisation):
    need = make_need(organisation)
    decisions.approve(proposed(need, offer_of("Anna")), None)
    late = proposed_anyway(need, offer_of("Ben"))
    with pytest.raises(CapacityExhausted, match="voll besetzt"):
        decisions.approve(late, None)
    assert late.status is S.PROPOSED and late.decided_at is None


def proposed_anyway(need, offer):
    """A proposal made before the need was filled (propose itself refuses nothing for a full need)."""
    return make_match(need, offer, "proposed")


def test_a_used_up_offer_cannot_be_approved_again(organisation):
    offer = offer_of(quantity=None)
    decisions.approve(proposed(make_need(organisation), offer), None)
    other_need = make_need(organisation, title="Dolmetschen bei der Ausländerbehörde")
    with pytest.raises(CapacityExhausted, match="vollständig vermittelt"):
        decisions.approve(proposed(other_need, offer), None)


def test_an_offer_withdrawn_after_the_proposal_is_not_approved(organisation):
    match = proposed(make_need(organisation))
    match.offer.status = OfferStatus.WITHDRAWN
    with pytest.raises(DecisionRefused, match="nicht mehr offen"):
        decisions.approve(match, None)


def test_a_closed_need_keeps_its_status_when_a_match_ends(organisation):
    need = make_need(organisation, quantity=2)
    match = decisions.approve(proposed(need), None)
    need.status = NeedStatus.CLOSED
    decisions.cancel(match, None, "Bedarf entfallen")
    assert need.status is NeedStatus.CLOSED
