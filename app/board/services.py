"""What the public board shows of a need, what is still missing, and pledges from citizens.

Only needs marked public and still open are on the board. "Missing" counts the
units (people, items) approved matches have filled and the units confirmed
pledges promise: a pledge waits for a coordinator, but a second citizen should
see that someone is already bringing the jackets. Pledges whose opt-in is still
outstanding do not count, so nobody can empty the board by typing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa

from app.core.db import utcnow
from app.extensions import db
from app.matching.decisions import UNIT_KINDS
from app.matching.index import OPEN_STATUSES
from app.matching.models import Match, MatchOrigin, MatchStatus
from app.matching.scoring import KIND_POINTS, KINDS
from app.matching.services import FILLING, OPEN_NEEDS
from app.needs.models import Need, Urgency
from app.offers.models import Offer

#: Matches a citizen started that wait for a coordinator's decision.
WAITING_ORIGINS = (MatchOrigin.PLEDGE, MatchOrigin.ALERT)
URGENCY_ORDER = {Urgency.HIGH: 0, Urgency.NORMAL: 1, Urgency.LOW: 2}


@dataclass(frozen=True)
class Coverage:
    """Units a need asks for, filled by approved matches, and promised by pledges waiting for a decision."""

    quantity: int
    approved: int = 0
    pledged: int = 0

    @property
    def missing(self) -> int:
        return max(self.quantity - self.approved - self.pledged, 0)


@dataclass(frozen=True)
class BoardEntry:
    need: Need
    coverage: Coverage


def coverage_of(needs: Iterable[Need]) -> dict[int, Coverage]:
    """Coverage per need id, counted in one query for all of them."""
    needs = list(needs)
    if not needs:
        return {}
    approved = sa.case((Match.status.in_(FILLING), Match.quantity), else_=0)
    waiting = sa.and_(
        Match.status == MatchStatus.PROPOSED, Match.origin.in_(WAITING_ORIGINS), Offer.status.in_(OPEN_STATUSES)
    )
    pledged = sa.case((waiting, Match.quantity), else_=0)
    query = (
        sa.select(Match.need_id, sa.func.sum(approved), sa.func.sum(pledged))
        .join(Offer, Offer.id == Match.offer_id)
        .where(Match.need_id.in_([need.id for need in needs]))
        .group_by(Match.need_id)
    )
    counted = {need_id: (int(a or 0), int(p or 0)) for need_id, a, p in db.session.execute(query)}
    return {need.id: Coverage(need.quantity, *counted.get(need.id, (0, 0))) for need in needs}


def board_query() -> sa.Select:
    """The needs on the board: public and open, organisations loaded along."""
    return (
        sa.select(Need)
        .where(Need.is_public.is_(True), Need.status.in_(OPEN_NEEDS))
        .options(sa.orm.joinedload(Need.organisation))
    )


def board(kind: str | None = None, borough: str | None = None, language: str | None = None) -> list[BoardEntry]:
    """The board's entries, most urgent first, then newest; a need that is fully pledged stays on it.

    Boards hold hundreds of needs, not thousands: the language filter (a JSON list) runs here,
    the same on SQLite and PostgreSQL.
    """
    query = board_query()
    if kind:
        query = query.where(Need.kind == kind)
    if borough:
        query = query.where(Need.borough == borough)
    needs = [
        need
        for need in db.session.scalars(query)
        if not language or language in (*need.required_languages, *need.helpful_languages)
    ]
    needs.sort(key=lambda need: (URGENCY_ORDER[need.urgency], -(need.published_at or need.created_at).timestamp()))
    coverage = coverage_of(needs)
    return [BoardEntry(need, coverage[need.id]) for need in needs]


def public_need(public_id: str) -> Need:
    """:raise 404: no such need on the board (private, closed, filled or unknown)."""
    return db.first_or_404(board_query().where(Need.public_id == public_id))


def board_entry(need: Need) -> BoardEntry:
    return BoardEntry(need, coverage_of([need])[need.id])


def publish(need: Need, is_public: bool) -> bool:
    """Put ``need`` on the board or take it off; ``True`` when it goes on for the first time."""
    need.is_public = is_public
    if is_public and need.published_at is None:
        need.published_at = utcnow()
        return True
    return False


def pledgeable(need: Need, offer: Offer) -> bool:
    """Whether ``offer`` can fill ``need``: the same or a compatible kind (as the matcher sees it)."""
    points = KIND_POINTS[KINDS.index(need.kind.value)][KINDS.index(offer.kind.value)]
    return points == points  # NaN marks kinds that never fill each other


def pledge(need: Need, offers: Iterable[Offer], origin: MatchOrigin = MatchOrigin.PLEDGE) -> list[Match]:
    """Link a citizen's new offers to ``need`` as pledges for a coordinator to decide on.

    Housing and donations pledge the offer's quantity (persons, items), other kinds one person.
    Flushes; the caller commits.
    """
    paired = set(db.session.scalars(sa.select(Match.offer_id).where(Match.need_id == need.id)))
    pledges = [
        Match(need=need, offer=offer, status=MatchStatus.PROPOSED, origin=origin, quantity=_units(need, offer))
        for offer in offers
        if offer.id not in paired and pledgeable(need, offer)
    ]
    db.session.add_all(pledges)
    db.session.flush()
    return pledges


def pledges_of(person) -> list[Match]:
    """The pledges a person's offers made from the board, needs loaded (for the thank-you page)."""
    return db.session.scalars(
        sa.select(Match)
        .join(Offer, Offer.id == Match.offer_id)
        .where(Offer.person_id == person.id, Match.origin == MatchOrigin.PLEDGE)
        .options(sa.orm.joinedload(Match.need))
        .order_by(Match.id)
    ).all()


def waiting_pledges(need: Need) -> list[Match]:
    """Pledges and "I can help" answers that wait for a decision, offers and persons loaded."""
    return db.session.scalars(
        sa.select(Match)
        .where(Match.need_id == need.id, Match.status == MatchStatus.PROPOSED, Match.origin.in_(WAITING_ORIGINS))
        .options(sa.orm.joinedload(Match.offer).joinedload(Offer.person))
        .order_by(Match.id)
    ).all()


def board_needs_for_feed(limit: int = 100) -> list[Need]:
    """The newest public open needs for the Atom feed."""
    query = board_query().order_by(sa.func.coalesce(Need.published_at, Need.created_at).desc(), Need.id.desc())
    return list(db.session.scalars(query.limit(limit)))


def board_languages() -> list[str]:
    """ISO 639 codes that needs on the board ask for (required or helpful), each once, sorted by code."""
    rows = db.session.execute(
        sa.select(Need.required_languages, Need.helpful_languages).where(
            Need.is_public.is_(True), Need.status.in_(OPEN_NEEDS)
        )
    )
    return sorted({code for required, helpful in rows for code in (*(required or ()), *(helpful or ()))})


def _units(need: Need, offer: Offer) -> int:
    return (offer.quantity or 1) if need.kind in UNIT_KINDS else 1
