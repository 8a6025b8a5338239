"""Asking both sides of an approved match "Did it work?", and recording the answer once.

Functions flush and never commit: the caller owns the transaction.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app, url_for
from sqlalchemy.orm import joinedload

from app.core.db import utcnow
from app.core.tokens import InvalidToken, make_token, read_token
from app.extensions import db
from app.feedback.models import FeedbackAnswer, FeedbackSide, MatchFeedback
from app.matching.decisions import ORGANISATION_LOCALE
from app.matching.models import Match
from app.matching.services import FILLING
from app.needs.models import Need
from app.offers.models import Offer
from app.outbox.services import enqueue

PURPOSE = "match-feedback"
TEMPLATE = "match_feedback"
COMMENT_MAX = 1000


def due_matches(now: datetime | None = None) -> list[Match]:
    """Matches approved (or further) at least FEEDBACK_AFTER_DAYS ago whose sides were never asked.

    ``decided_at`` is the latest move (approved, contacted, …), so a match moved on
    later is asked that many days after its latest move. Matches older than that by more than
    FEEDBACK_ANSWER_DAYS are left alone: the first run must not ask about years of old matches.
    """
    cutoff = (now or utcnow()) - timedelta(days=current_app.config["FEEDBACK_AFTER_DAYS"])
    too_old = cutoff - timedelta(days=current_app.config["FEEDBACK_ANSWER_DAYS"])
    return db.session.scalars(
        sa.select(Match)
        .where(
            Match.status.in_(FILLING),
            Match.decided_at <= cutoff,
            Match.decided_at > too_old,
            ~sa.exists().where(MatchFeedback.match_id == Match.id),
        )
        .options(
            joinedload(Match.offer).joinedload(Offer.person),
            joinedload(Match.need).joinedload(Need.organisation),
        )
        .order_by(Match.id)
    ).all()


def ask_due(now: datetime | None = None) -> int:
    """Create the questions of every due match and queue their mails; returns how many mails.

    Links are absolute: call it inside a request context with the portal's address.
    """
    asked = 0
    for match in due_matches(now):
        asked += len(ask(match))
    return asked


def ask(match: Match) -> list[MatchFeedback]:
    """One question per side that can be reached by mail: the volunteer (not anonymised) and the organisation."""
    person, organisation = match.offer.person, match.need.organisation
    asked = []
    if person.email and person.erased_at is None:
        feedback = _question(match, FeedbackSide.VOLUNTEER)
        enqueue(
            person.email,
            TEMPLATE,
            person.locale,
            person_id=person.id,
            side=FeedbackSide.VOLUNTEER.value,
            name=person.full_name,
            title=match.need.title,
            organisation=organisation.name,
            reference=match.offer.reference,
            **answer_urls(feedback),
        )
        asked.append(feedback)
    if organisation.email:
        feedback = _question(match, FeedbackSide.ORGANISATION)
        enqueue(
            organisation.email,
            TEMPLATE,
            ORGANISATION_LOCALE,
            person_id=person.id,
            side=FeedbackSide.ORGANISATION.value,
            name=None if person.erased_at else person.full_name,
            title=match.need.title,
            organisation=organisation.name,
            reference=match.offer.reference,
            **answer_urls(feedback),
        )
        asked.append(feedback)
    return asked


def _question(match: Match, side: FeedbackSide) -> MatchFeedback:
    feedback = MatchFeedback(match=match, side=side, asked_at=utcnow())
    db.session.add(feedback)
    db.session.flush()
    return feedback


def answer_token(feedback: MatchFeedback, answer: FeedbackAnswer) -> str:
    return make_token(PURPOSE, f"{feedback.id}:{answer.value}")


def answer_urls(feedback: MatchFeedback) -> dict:
    """The three links of the mail (``yes_url``, ``not_yet_url``, ``no_url``) and how long they work."""
    urls = {
        f"{answer.value}_url": url_for("feedback.answer", token=answer_token(feedback, answer), _external=True)
        for answer in FeedbackAnswer
    }
    return {**urls, "answer_days": current_app.config["FEEDBACK_ANSWER_DAYS"]}


def read_answer(token: str) -> tuple[MatchFeedback, FeedbackAnswer]:
    """The question and the answer a link stands for.

    :raise ExpiredToken: older than FEEDBACK_ANSWER_DAYS.
    :raise InvalidToken: altered, made for another purpose, or the question is gone.
    """
    value = read_token(PURPOSE, token, current_app.config["FEEDBACK_ANSWER_DAYS"] * 86400)
    feedback_id, _, answer = value.partition(":")
    if not feedback_id.isdigit() or answer not in set(FeedbackAnswer):
        raise InvalidToken
    feedback = db.session.get(MatchFeedback, int(feedback_id))
    if feedback is None:
        raise InvalidToken
    return feedback, FeedbackAnswer(answer)


def record_answer(feedback: MatchFeedback, answer: FeedbackAnswer, comment: str | None) -> bool:
    """Store the answer; ``False`` when the question was answered before (it is answered once).

    Two POSTs at once (a double click): only the one whose UPDATE still finds no answer counts.
    """
    claimed = db.session.execute(
        sa.update(MatchFeedback)
        .where(MatchFeedback.id == feedback.id, MatchFeedback.answer.is_(None))
        .values(answer=answer, comment=comment, answered_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.expire(feedback, ["answer", "comment", "answered_at"])
    return bool(claimed)


def feedback_of(match: Match) -> list[MatchFeedback]:
    """The questions to both sides of ``match`` (volunteer first)."""
    found = db.session.scalars(sa.select(MatchFeedback).where(MatchFeedback.match_id == match.id)).all()
    return sorted(found, key=lambda feedback: feedback.side is not FeedbackSide.VOLUNTEER)
