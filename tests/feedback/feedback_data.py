"""Approved matches of a given age, and the links of their questions."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from app.core.db import utcnow
from app.extensions import db
from app.feedback.models import FeedbackAnswer, FeedbackSide, MatchFeedback
from app.feedback.services import answer_token
from app.matching.models import Match
from app.needs.models import Need
from app.organisations.models import Organisation
from tests.factories import make_match, make_need, make_organisation, make_person

BASE_URL = "https://helfernetz.example"


def shelter(**fields) -> Organisation:
    fields.setdefault("email", "kontakt@listholze.example")
    return make_organisation(fields.pop("name", "Unterkunft Am Listholze"), **fields)


def decided_match(need: Need, first_name: str, days_ago: float, status: str = "approved", **person_fields) -> Match:
    """A match of a new volunteer's offer for ``need``, moved to ``status`` ``days_ago`` days ago."""
    person = make_person(first_name, "Test", **person_fields)
    match = make_match(need, person.offers[0], status)
    match.decided_at = utcnow() - timedelta(days=days_ago)
    db.session.flush()
    return match


def a_need(organisation: Organisation, title: str = "Deutsch lernen im Café") -> Need:
    return make_need(organisation, title, quantity=10)


def questions(match: Match | None = None) -> list[MatchFeedback]:
    query = sa.select(MatchFeedback).order_by(MatchFeedback.id)
    if match is not None:
        query = query.where(MatchFeedback.match_id == match.id)
    return db.session.scalars(query).all()


def question_token(match: Match, side: FeedbackSide = FeedbackSide.VOLUNTEER, answer=FeedbackAnswer.YES) -> str:
    """The link token of ``match``'s question to ``side`` (the question is made if missing)."""
    feedback = db.session.scalar(
        sa.select(MatchFeedback).where(MatchFeedback.match_id == match.id, MatchFeedback.side == side)
    )
    if feedback is None:
        feedback = MatchFeedback(match=match, side=side)
        db.session.add(feedback)
        db.session.commit()
    return answer_token(feedback, answer)
