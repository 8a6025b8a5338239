"""Whom to tell of a need: the persons whose open offer fits it, found in the matcher's offer index.

The index holds every open offer as arrays, with a flag for persons who asked for alerts (confirmed,
with a mail address), so choosing among 100 000 volunteers is one pass of numpy (see bench/alerts.py).
Left out: persons already alerted for this need, persons whose offer is already paired with it, and
persons who had :data:`ALERTS_PER_WEEK` alert mails in the last seven days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from app.alerts.models import AlertMail, NeedAlert
from app.core.db import utcnow
from app.extensions import db
from app.matching.index import OPEN_STATUSES, offer_index
from app.matching.models import Match
from app.matching.scoring import fitting
from app.matching.services import need_query
from app.needs.models import Need
from app.offers.models import Offer
from app.people.models import Person

WEEK = timedelta(days=7)


@dataclass(frozen=True)
class Candidate:
    person_id: int
    offer_id: int
    score: int


def capped_persons(person_ids: list[int] | None = None) -> set[int]:
    """Persons who had as many alert mails in the last seven days as ``ALERTS_PER_WEEK`` allows."""
    query = (
        sa.select(AlertMail.person_id)
        .where(AlertMail.created_at >= utcnow() - WEEK)
        .group_by(AlertMail.person_id)
        .having(sa.func.count() >= current_app.config["ALERTS_PER_WEEK"])
    )
    if person_ids is not None:
        query = query.where(AlertMail.person_id.in_(person_ids))
    return set(db.session.scalars(query))


def recipients(need: Need) -> list[Candidate]:
    """The persons to tell of ``need``, best fit first, at most ``ALERTS_MAX_RECIPIENTS``."""
    config = current_app.config
    paired = list(db.session.scalars(sa.select(Match.offer_id).where(Match.need_id == need.id)))
    index = offer_index()
    with index.lock:
        columns = index.refresh(db.session)
        allowed = columns.active & columns.alerts
        allowed[index.rows_of(paired)] = False
        found = fitting(need_query(need), columns, index.context, min_score=config["ALERTS_MIN_SCORE"], allowed=allowed)
    alerted = set(db.session.scalars(sa.select(NeedAlert.person_id).where(NeedAlert.need_id == need.id)))
    found = [(offer_id, person_id, score) for offer_id, person_id, score in found if person_id not in alerted]
    # The cap and the database are asked only about the best few: the index may lag by a few seconds.
    chosen: list[Candidate] = []
    limit = config["ALERTS_MAX_RECIPIENTS"]
    for start in range(0, len(found), limit):
        batch = found[start : start + limit]
        reachable = _still_reachable([offer_id for offer_id, _person, _score in batch])
        capped = capped_persons([person_id for _offer, person_id, _score in batch])
        chosen += [
            Candidate(person_id, offer_id, score)
            for offer_id, person_id, score in batch
            if offer_id in reachable and person_id not in capped
        ]
        if len(chosen) >= limit:
            break
    return chosen[:limit]


def _still_reachable(offer_ids: list[int]) -> set[int]:
    """Of these offers, those still open whose person still wants alerts."""
    query = (
        sa.select(Offer.id)
        .join(Person, Person.id == Offer.person_id)
        .where(
            Offer.id.in_(offer_ids),
            Offer.status.in_(OPEN_STATUSES),
            Person.alerts_enabled.is_(True),
            Person.confirmed_at.is_not(None),
            Person.email.is_not(None),
        )
    )
    return set(db.session.scalars(query))
