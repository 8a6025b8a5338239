"""The links in alert mails: answer a need, unsubscribe, subscribe.

Every link carries a signed token and shows a page with one button first: mail scanners fetch
links, so a GET never records anything. The unsubscribe POST also takes the RFC 8058 one-click
POST mail clients send on their own (no CSRF token, no cookies): the signed token is the authority.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request

from app.alerts import services
from app.alerts.models import AlertResponse
from app.alerts.vocabulary import ALERT_RESPONSE_LABELS
from app.core.forms import BaseForm
from app.core.tokens import ExpiredToken, InvalidToken
from app.extensions import csrf, db
from app.needs.models import Need

bp = Blueprint("alerts", __name__, url_prefix="/hinweise")


def _link_invalid(exc: InvalidToken):
    expired = isinstance(exc, ExpiredToken)
    return render_template("alerts/link_invalid.html", expired=expired), 410 if expired else 404


@bp.route("/antwort/<token>", methods=["GET", "POST"])
def answer(token: str):
    try:
        alert, response = services.read_answer(token)
    except InvalidToken as exc:
        return _link_invalid(exc)
    need = alert.need
    if alert.response is not None:
        return _answered(need, alert.response, first_time=False)
    if response is AlertResponse.CAN_HELP and not services.is_on_board(need):
        return render_template("alerts/need_gone.html", need=need)
    form = BaseForm()
    if form.validate_on_submit():
        first_time = services.answer(alert, response)  # False: a second request was quicker
        db.session.commit()
        return _answered(need, alert.response, first_time=first_time)
    return render_template("alerts/answer.html", form=form, need=need, response=response)


def _answered(need: Need, response: AlertResponse, *, first_time: bool):
    return render_template(
        "alerts/answered.html",
        need=need,
        response=response,
        response_label=ALERT_RESPONSE_LABELS[response],
        first_time=first_time,
    )


@bp.route("/abmelden/<token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(token: str):
    try:
        person = services.person_for(services.UNSUBSCRIBE_PURPOSE, token)
    except InvalidToken as exc:
        return _link_invalid(exc)
    if request.method == "POST":
        changed = services.set_alerts(person, False)
        db.session.commit()
        return render_template("alerts/unsubscribed.html", first_time=changed)
    if not person.alerts_enabled:
        return render_template("alerts/unsubscribed.html", first_time=False)
    return render_template("alerts/unsubscribe.html")


@bp.route("/anmelden/<token>", methods=["GET", "POST"])
def subscribe(token: str):
    try:
        person = services.person_for(services.SUBSCRIBE_PURPOSE, token)
    except InvalidToken as exc:
        return _link_invalid(exc)
    form = BaseForm()
    if form.validate_on_submit():
        changed = services.set_alerts(person, True)
        db.session.commit()
        return render_template("alerts/subscribed.html", first_time=changed)
    if person.alerts_enabled:
        return render_template("alerts/subscribed.html", first_time=False)
    return render_template("alerts/subscribe.html", form=form)
