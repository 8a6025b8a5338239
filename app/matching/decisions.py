"""What coordinators decide about a pair of need and offer, and the capacity both sides have left.

A match moves along :data:`TRANSITIONS`; anything else raises :class:`DecisionRefused`
(a ``ValueError`` with a message for staff). Capacity is counted in units (people,
items): a match in one of :data:`FILLING` uses ``match.quantity`` units of its need and
of its offer. :func:`approve` locks the need row, then the offer row, before counting,
so two coordinators approving at the same moment cannot over-fill either side.
Functions flush and never commit; the audit trail records every change by itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from app.accounts.models import User
from app.core.audit import record
from app.core.db import utcnow
from app.extensions import db
from app.matching.index import OPEN_STATUSES
from app.matching.models import Match, MatchStatus
from app.matching.services import FILLING
from app.needs.models import Need, NeedStatus
from app.offers.models import Offer, OfferKind
from app.outbox.services import enqueue
from app.screening.details import offer_facts

if TYPE_CHECKING:
    from app.matching.scoring import Suggestion

M = MatchStatus
#: The only moves a match can make; the last three states are final.
TRANSITIONS: dict[MatchStatus, tuple[MatchStatus, ...]] = {
    M.PROPOSED: (M.APPROVED, M.REJECTED),
    M.APPROVED: (M.CONTACTED, M.CANCELLED),
    M.CONTACTED: (M.ACTIVE, M.CANCELLED),
    M.ACTIVE: (M.COMPLETED, M.CANCELLED),
    M.REJECTED: (),
    M.COMPLETED: (),
    M.CANCELLED: (),
}
#: Moves that need a reason, kept in ``match.note``.
REASON_REQUIRED = frozenset({M.REJECTED, M.CANCELLED})
#: Kinds whose matches fill several units at once (persons housed, items given); others one.
UNIT_KINDS = frozenset({OfferKind.HOUSING, OfferKind.DONATION})
#: Organisations read German; their mail is written in it.
ORGANISATION_LOCALE = "de"


class DecisionRefused(ValueError):
    """The decision does not fit the match as it is now; the message says why, in German."""


class CapacityExhausted(DecisionRefused):
    """The need or the offer has no units left: approving would over-fill it."""


def _filled(column: sa.orm.InstrumentedAttribute, row_id: int) -> int:
    query = sa.select(sa.func.coalesce(sa.func.sum(Match.quantity), 0)).where(
        column == row_id, Match.status.in_(FILLING)
    )
    return db.session.scalar(query)


def remaining(need: Need) -> int:
    """Units of ``need`` not yet filled by an approved (or later) match."""
    return max(need.quantity - _filled(Match.need_id, need.id), 0)


def offer_remaining(offer: Offer) -> int:
    """Units ``offer`` can still give; an offer without a quantity gives one."""
    return max((offer.quantity or 1) - _filled(Match.offer_id, offer.id), 0)


def propose(need: Need, offer: Offer, actor: User | None, suggestion: Suggestion | None = None) -> Match:
    """Put ``offer`` forward for ``need``, with the scorer's score and reasons when given.

    Nobody is told yet: mail goes out on approval only.
    :raise DecisionRefused: the pair exists already, the need is closed or the offer not open.
    """
    existing = db.session.scalar(sa.select(Match).where(Match.need_id == need.id, Match.offer_id == offer.id))
    if existing is not None:
        raise DecisionRefused(_l("Dieses Angebot ist für diesen Bedarf schon vorgeschlagen worden."))
    _check_open(need, offer)
    match = Match(
        need=need,
        offer=offer,
        status=M.PROPOSED,
        score=suggestion.score if suggestion else None,
        reasons=suggestion.reasons if suggestion else {},
        decided_by_id=actor.id if actor else None,
        decided_at=utcnow(),
    )
    db.session.add(match)
    db.session.flush()
    return match


def approve(match: Match, actor: User | None) -> Match:
    """Approve ``match`` for as many units as both sides have left, and queue the mails to both.

    :raise CapacityExhausted: the need or the offer has nothing left (nothing is changed).
    :raise DecisionRefused: the match is not proposed, the need closed or the offer no longer open.
    """
    need, offer = match.need, match.offer
    # Need, offer, match: always in this order, so two decisions never wait for each other in a cycle.
    _lock(need)
    _lock(offer)
    _lock(match)
    _check_move(match, M.APPROVED)
    _check_open(need, offer)
    need_left, offer_left = remaining(need), offer_remaining(offer)
    if need_left == 0:
        raise CapacityExhausted(_l("Der Bedarf ist schon voll besetzt. Es wurde nichts geändert."))
    if offer_left == 0:
        raise CapacityExhausted(_l("Das Angebot ist schon vollständig vermittelt. Es wurde nichts geändert."))
    match.quantity = min(need_left, offer_left) if need.kind in UNIT_KINDS else 1
    _decide(match, M.APPROVED, actor)
    _update_need_status(need)
    _queue_mails(match)
    return match


def reject(match: Match, actor: User | None, reason: str | None) -> Match:
    _lock(match)
    _check_move(match, M.REJECTED, reason)
    return _decide(match, M.REJECTED, actor, reason)


def cancel(match: Match, actor: User | None, reason: str | None = None) -> Match:
    """End an approved (or later) match early; its units become free again."""
    _lock(match.need)  # the need's status is recounted: not at the same time as an approval
    _lock(match)
    _check_move(match, M.CANCELLED, reason)
    _decide(match, M.CANCELLED, actor, reason)
    _update_need_status(match.need)
    return match


def mark_contacted(match: Match, actor: User | None, reason: str | None = None) -> Match:
    return _follow_up(match, M.CONTACTED, actor, reason)


def mark_active(match: Match, actor: User | None, reason: str | None = None) -> Match:
    return _follow_up(match, M.ACTIVE, actor, reason)


def complete(match: Match, actor: User | None, reason: str | None = None) -> Match:
    return _follow_up(match, M.COMPLETED, actor, reason)


def allowed_moves(match: Match) -> tuple[MatchStatus, ...]:
    return TRANSITIONS[match.status]


def decide(match: Match, target: MatchStatus, actor: User | None, reason: str | None = None) -> Match:
    """Make the move to ``target`` with the function for it (the match page's buttons name the target).

    :raise DecisionRefused: as the move's own function does.
    """
    if target is M.APPROVED:
        return approve(match, actor)
    return MOVES[target](match, actor, reason)


MOVES = {
    M.REJECTED: reject,
    M.CONTACTED: mark_contacted,
    M.ACTIVE: mark_active,
    M.COMPLETED: complete,
    M.CANCELLED: cancel,
}


def _check_move(match: Match, target: MatchStatus, reason: str | None = None) -> None:
    if target not in TRANSITIONS[match.status]:
        raise DecisionRefused(
            _l("Das geht bei einer Vermittlung in diesem Stand nicht. Bitte laden Sie die Seite neu.")
        )
    if target in REASON_REQUIRED and not (reason or "").strip():
        raise DecisionRefused(_l("Bitte geben Sie einen Grund an."))


def _check_open(need: Need, offer: Offer) -> None:
    if need.status is NeedStatus.CLOSED:
        raise DecisionRefused(_l("Der Bedarf ist abgeschlossen."))
    if offer.status not in OPEN_STATUSES:
        raise DecisionRefused(_l("Das Angebot ist nicht mehr offen für Vermittlungen."))


def _lock(row: Need | Offer | Match) -> None:
    """Hold the row until commit: a row lock on PostgreSQL, the database write lock on SQLite.

    A plain UPDATE does both portably (SQLite has no SELECT ... FOR UPDATE). Status and
    quantity are then read again, so what the previous holder of the lock committed counts.
    """
    model = type(row)
    db.session.execute(
        sa.update(model).where(model.id == row.id).values(updated_at=utcnow()),
        execution_options={"synchronize_session": False},
    )
    db.session.refresh(row, ["quantity", "status"])


def _decide(match: Match, target: MatchStatus, actor: User | None, note: str | None = None) -> Match:
    """Move ``match``; ``decided_by``/``decided_at`` tell who made the latest move (the trail keeps each)."""
    match.status = target
    match.decided_by_id = actor.id if actor else None
    match.decided_at = utcnow()
    if note and note.strip():
        match.note = note.strip()
    db.session.flush()
    return match


def _follow_up(match: Match, target: MatchStatus, actor: User | None, note: str | None) -> Match:
    _lock(match)
    _check_move(match, target)
    return _decide(match, target, actor, note)


def _update_need_status(need: Need) -> None:
    """Open, partly filled or filled, from the units left; a closed need stays closed."""
    if need.status is NeedStatus.CLOSED:
        return
    left = remaining(need)
    status = NeedStatus.FILLED if left == 0 else NeedStatus.OPEN if left == need.quantity else NeedStatus.PARTLY_FILLED
    if need.status is not status:
        need.status = status
        db.session.flush()


def _queue_mails(match: Match) -> None:
    """Tell both sides, in this transaction: each gets the other's contact only now.

    A volunteer without a mail address is called by the coordinator (the match page says so);
    so is an organisation without one.
    """
    need, offer = match.need, match.offer
    person, organisation = offer.person, need.organisation
    if person.email:
        enqueue(
            person.email,
            "match_approved_volunteer",
            person.locale,
            person_id=person.id,
            name=person.full_name,
            reference=offer.reference,
            title=need.title,
            kind=need.kind.value,
            description=need.description,
            district=need.district or need.town,
            organisation=organisation.name,
            contact_name=organisation.contact_name,
            contact_email=organisation.email,
            contact_phone=organisation.phone,
        )
    if organisation.email:
        with force_locale(ORGANISATION_LOCALE):
            facts = [[str(label), value] for label, value in offer_facts(offer)]
        enqueue(
            organisation.email,
            "match_approved_organisation",
            ORGANISATION_LOCALE,
            person_id=person.id,
            title=need.title,
            reference=offer.reference,
            name=person.full_name,
            email=person.email,
            phone=person.phone,
            facts=facts,
        )
    record("contacts_sent", match, volunteer=bool(person.email), organisation=bool(organisation.email))
