"""The signed "Did it work?" link: one question, three answers and a comment.

A GET shows the question with the link's answer chosen and records nothing (mail scanners fetch
links); the POST records the answer once. Route: ``feedback.answer`` GET, POST ``/rueckmeldung/<token>``.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request

from app.core.tokens import ExpiredToken, InvalidToken
from app.extensions import db
from app.feedback import services
from app.feedback.forms import ANSWER_LABELS, ANSWER_SHORT_LABELS, AnswerForm
from app.feedback.models import FeedbackAnswer, FeedbackSide, MatchFeedback

bp = Blueprint("feedback", __name__, url_prefix="/rueckmeldung")


@bp.app_template_global()
def match_feedback(match) -> list[MatchFeedback]:
    """For the match page (app/templates/matching/detail.html): what each side answered."""
    return services.feedback_of(match)


@bp.app_context_processor
def feedback_labels() -> dict:
    return {"feedback_answer_labels": ANSWER_SHORT_LABELS}


@bp.route("/<token>", methods=["GET", "POST"])
def answer(token: str):
    try:
        feedback, chosen = services.read_answer(token)
    except InvalidToken as exc:
        expired = isinstance(exc, ExpiredToken)
        return render_template("alerts/link_invalid.html", expired=expired), 410 if expired else 404
    if feedback.answer is not None:
        return _answered(feedback, first_time=False)
    form = AnswerForm(answer=chosen.value) if request.method == "GET" else AnswerForm()
    if form.validate_on_submit():
        first_time = services.record_answer(feedback, FeedbackAnswer(form.answer.data), form.comment.data)
        db.session.commit()
        return _answered(feedback, first_time=first_time)
    return render_template("feedback/answer.html", form=form, **_about(feedback)), 422 if form.errors else 200


def _about(feedback: MatchFeedback) -> dict:
    match = feedback.match
    return {
        "for_volunteer": feedback.side is FeedbackSide.VOLUNTEER,
        "title": match.need.title,
        "organisation": match.need.organisation.name,
        "reference": match.offer.reference,
    }


def _answered(feedback: MatchFeedback, *, first_time: bool):
    return render_template(
        "feedback/answered.html",
        first_time=first_time,
        answer_label=ANSWER_LABELS[feedback.answer],
        **_about(feedback),
    )
