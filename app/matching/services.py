"""Suggestions: the open offers ranked for a need, and the open needs ranked for an offer."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app

from app.extensions import db
from app.matching.index import OPEN_STATUSES, offer_index, record_of
from app.matching.models import Match, MatchStatus
from app.matching.scoring import KINDS, Context, NeedQuery, OfferColumns, Suggestion, Vocabulary, rank
from app.needs.models import Need, NeedStatus
from app.normalisation.taxonomy_store import current_taxonomy
from app.offers.models import Offer, OfferKind

#: Match states that hold capacity of the offer and the need.
FILLING = (MatchStatus.APPROVED, MatchStatus.CONTACTED, MatchStatus.ACTIVE, MatchStatus.COMPLETED)
OPEN_NEEDS = (NeedStatus.OPEN, NeedStatus.PARTLY_FILLED)
#: Deleted offers the index still holds are dropped and the ranking redone, at most this often.
RETRIES = 3


def need_query(need: Need) -> NeedQuery:
    """The scorer's view of a need; its own point, else its organisation's."""
    located = need if need.lat is not None else need.organisation
    return NeedQuery(
        kind=OfferKind(need.kind).value,
        required=tuple(dict.fromkeys(need.required_languages or ())),
        helpful=tuple(dict.fromkeys(need.helpful_languages or ())),
        concepts=tuple(need.concepts or ()),
        lat=located.lat,
        lon=located.lon,
        starts_on=need.starts_on,
        ends_on=need.ends_on,
        quantity=need.quantity,
        text=" ".join(text for text in (need.title, need.skills, need.description) if text),
    )


def suggest_offers(
    need: Need,
    *,
    limit: int = 20,
    borough: str | None = None,
    kind: OfferKind | None = None,
    include_decided: bool = False,
) -> list[Suggestion]:
    """The best open offers for ``need``, best first, with their reasons.

    Left out: offers whose capacity approved matches have used up, and offers already paired with
    this need, unless ``include_decided`` (their reasons then say ``match_status``). ``borough``
    and ``kind`` narrow the offers to a Stadtbezirk (the offered place's or the person's) or a kind.
    """
    decided = dict(db.session.execute(sa.select(Match.offer_id, Match.status).where(Match.need_id == need.id)).all())
    used_up = _used_up()
    hidden = used_up - set(decided) if include_decided else used_up | set(decided)
    query = need_query(need)
    index = offer_index()
    for _attempt in range(RETRIES):
        with index.lock:
            columns = index.refresh(db.session)
            allowed = columns.active.copy()
            allowed[index.rows_of(hidden)] = False
            if borough is not None:
                allowed &= columns.boroughs == index.boroughs.numbers.get(borough, -2)
            if kind is not None:
                allowed &= columns.kinds == KINDS.index(OfferKind(kind).value)
            ranked = rank(query, columns, index.context, limit=limit, allowed=allowed)
            gone = _gone([offer_id for offer_id, _score, _reasons in ranked])
            if not gone:
                break
            index.switch_off(gone)
    for offer_id, _score, reasons in ranked:
        if offer_id in decided:
            reasons["match_status"] = MatchStatus(decided[offer_id]).value
    return [Suggestion(offer_id, need.id, score, reasons) for offer_id, score, reasons in ranked]


def suggest_needs(offer: Offer, *, limit: int = 20) -> list[Suggestion]:
    """The open needs ``offer`` fits best, best first; none when its capacity is used up.

    Needs are few (hundreds), so each is scored against this one offer with the same scorer.
    """
    if offer.status not in OPEN_STATUSES or offer.id in _used_up():
        return []
    languages, boroughs = Vocabulary(), Vocabulary()
    context = Context(languages, current_taxonomy(), current_app.config["MATCHING_DEFAULT_RADIUS_KM"])
    columns = OfferColumns.build([record_of(offer)], languages, boroughs, context.taxonomy)
    paired = sa.select(Match.need_id).where(Match.offer_id == offer.id)
    needs = db.session.scalars(
        sa.select(Need).where(Need.status.in_(OPEN_NEEDS), Need.id.not_in(paired)).order_by(Need.id)
    ).all()
    scored = []
    for need in needs:
        for _offer_id, score, reasons in rank(need_query(need), columns, context, limit=1):
            scored.append(Suggestion(offer.id, need.id, score, reasons))
    # Equal scores keep the order of need ids: sorted() is stable.
    return sorted(scored, key=lambda suggestion: -suggestion.score)[:limit]


def _used_up() -> set[int]:
    """Offers whose matches hold all they can give: (quantity or 1) − Σ filling match quantities ≤ 0."""
    used = sa.func.sum(Match.quantity)
    query = (
        sa.select(Match.offer_id)
        .join(Offer, Offer.id == Match.offer_id)
        .where(Match.status.in_(FILLING))
        .group_by(Match.offer_id, Offer.quantity)
        .having(used >= sa.func.coalesce(Offer.quantity, 1))
    )
    return set(db.session.scalars(query))


def _gone(offer_ids: list[int]) -> set[int]:
    """Of the ranked offers, those no longer open (deleted, or changed by a clock far behind)."""
    if not offer_ids:
        return set()
    still = db.session.scalars(sa.select(Offer.id).where(Offer.id.in_(offer_ids), Offer.status.in_(OPEN_STATUSES)))
    return set(offer_ids) - set(still)
