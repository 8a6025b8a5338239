"""Telling volunteers of new public needs: choose at publication, mail urgent ones at once, the rest in a digest.

Every alert mail goes through the outbox and counts against the person's weekly cap
(``ALERTS_PER_WEEK``); it carries a one-click unsubscribe link and, per need, signed
answer links "I can help" and "not this time". An answer is taken once; "I can help"
proposes the person's offer for the need, for a coordinator to decide like a pledge.
Functions flush and never commit.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, url_for

from app.alerts.models import AlertMail, AlertResponse, NeedAlert
from app.alerts.selection import capped_persons, recipients
from app.board.services import coverage_of, pledge
from app.core.db import utcnow
from app.core.tokens import InvalidToken, make_token, read_token
from app.extensions import db
from app.matching.index import OPEN_STATUSES
from app.matching.models import MatchOrigin
from app.matching.services import OPEN_NEEDS
from app.needs.models import Need, Urgency
from app.outbox.services import enqueue
from app.people.models import Person

ANSWER_PURPOSE = "alert-answer"
UNSUBSCRIBE_PURPOSE = "alerts-unsubscribe"
SUBSCRIBE_PURPOSE = "alerts-subscribe"
#: Subscribe and unsubscribe links stay valid this long; a person may keep an old mail for months.
LINK_DAYS = 365


def is_on_board(need: Need) -> bool:
    return need.is_public and need.status in OPEN_NEEDS


def announce(need: Need) -> list[NeedAlert]:
    """Choose whom to tell of ``need``, which just went on the board; urgent needs are mailed at once."""
    if not is_on_board(need):
        return []
    alerts = [NeedAlert(need=need, person_id=c.person_id, offer_id=c.offer_id, score=c.score) for c in recipients(need)]
    db.session.add_all(alerts)
    db.session.flush()
    if need.urgency is Urgency.HIGH and alerts:
        # Selection has just left out the capped; persons in one query, not one each.
        persons = db.session.scalars(sa.select(Person).where(Person.id.in_([a.person_id for a in alerts])))
        by_id = {person.id: person for person in persons}
        coverage = coverage_of([need])
        for alert in alerts:
            _queue_mail(by_id[alert.person_id], [alert], coverage, digest=False)
        db.session.flush()
    return alerts


def alerts_of(need: Need) -> list[NeedAlert]:
    """Who was chosen for ``need``, when they were mailed and what they answered, persons loaded."""
    return db.session.scalars(
        sa.select(NeedAlert)
        .where(NeedAlert.need_id == need.id)
        .options(
            sa.orm.joinedload(NeedAlert.person), sa.orm.joinedload(NeedAlert.offer), sa.orm.joinedload(NeedAlert.mail)
        )
        .order_by(NeedAlert.score.desc(), NeedAlert.id)
    ).all()


def mail_alerts(person: Person, alerts: list[NeedAlert], *, digest: bool = False) -> AlertMail | None:
    """Queue one mail about ``alerts`` to ``person``; ``None`` when the weekly cap is reached or they left."""
    if not (person.alerts_enabled and person.email) or person.id in capped_persons([person.id]):
        return None
    mail = _queue_mail(person, alerts, coverage_of([alert.need for alert in alerts]), digest=digest)
    db.session.flush()
    return mail


def _queue_mail(person: Person, alerts: list[NeedAlert], coverage: dict, *, digest: bool) -> AlertMail:
    mail = AlertMail(person_id=person.id, is_digest=digest)
    db.session.add(mail)
    for alert in alerts:
        alert.mail = mail
    enqueue(
        person.email,
        "need_alert_digest" if digest else "need_alert",
        person.locale,
        person_id=person.id,
        name=person.full_name,
        needs=[_need_facts(alert, coverage[alert.need_id]) for alert in alerts],
        unsubscribe_url=url_for("alerts.unsubscribe", token=unsubscribe_token(person), _external=True),
        per_week=current_app.config["ALERTS_PER_WEEK"],
    )
    return mail


def _need_facts(alert: NeedAlert, coverage) -> dict:
    need = alert.need
    return {
        "title": need.title,
        "kind": need.kind.value,
        "borough": need.borough,
        "urgency": need.urgency.value,
        "quantity": need.quantity,
        "missing": coverage.missing,
        "board_url": url_for("board.detail", public_id=need.public_id, _external=True),
        "can_help_url": url_for("alerts.answer", token=answer_token(alert, AlertResponse.CAN_HELP), _external=True),
        "not_this_time_url": url_for(
            "alerts.answer", token=answer_token(alert, AlertResponse.NOT_THIS_TIME), _external=True
        ),
    }


def send_digests() -> int:
    """Mail every person their waiting alerts in one digest (cron, daily); returns how many mails."""
    config = current_app.config
    since = utcnow() - timedelta(days=config["ALERTS_DIGEST_MAX_AGE_DAYS"])
    waiting = db.session.scalars(
        sa.select(NeedAlert)
        .join(Need, Need.id == NeedAlert.need_id)
        .where(
            NeedAlert.mail_id.is_(None),
            NeedAlert.response.is_(None),
            NeedAlert.created_at >= since,
            Need.is_public.is_(True),
            Need.status.in_(OPEN_NEEDS),
        )
        .options(sa.orm.joinedload(NeedAlert.need), sa.orm.joinedload(NeedAlert.person))
        .order_by(NeedAlert.person_id, NeedAlert.id)
    ).all()
    # A need whose pledges already cover it stays on the board, but asks nobody for more.
    coverage = coverage_of({alert.need_id: alert.need for alert in waiting}.values())
    by_person: dict[int, list[NeedAlert]] = defaultdict(list)
    for alert in waiting:
        if coverage[alert.need_id].missing:
            by_person[alert.person_id].append(alert)
    sent = 0
    for alerts in by_person.values():
        alerts.sort(key=lambda a: (a.need.urgency is not Urgency.HIGH, -a.need.created_at.timestamp()))
        sent += mail_alerts(alerts[0].person, alerts[: config["ALERTS_DIGEST_SIZE"]], digest=True) is not None
    return sent


def answer_token(alert: NeedAlert, response: AlertResponse) -> str:
    return make_token(ANSWER_PURPOSE, f"{alert.id}:{response.value}")


def read_answer(token: str) -> tuple[NeedAlert, AlertResponse]:
    """The alert and the answer a link stands for.

    :raise ExpiredToken: older than ``ALERTS_ANSWER_DAYS``.
    :raise InvalidToken: altered, or the alert is gone (the person was erased).
    """
    value = read_token(ANSWER_PURPOSE, token, current_app.config["ALERTS_ANSWER_DAYS"] * 86400)
    alert_id, _, response = value.partition(":")
    alert = db.session.get(NeedAlert, int(alert_id))
    if alert is None or response not in set(AlertResponse):
        raise InvalidToken
    return alert, AlertResponse(response)


def answer(alert: NeedAlert, response: AlertResponse) -> bool:
    """Record the answer; ``False`` when the alert was answered before (a link works once).

    "I can help" proposes the alert's offer for the need while both are still open.
    """
    if alert.response is not None:
        return False
    # Two POSTs at once (a double click): only the one whose UPDATE still finds no answer goes on;
    # the other would otherwise propose the offer a second time and fail on the unique pair.
    claimed = db.session.execute(
        sa.update(NeedAlert)
        .where(NeedAlert.id == alert.id, NeedAlert.response.is_(None))
        .values(response=response, responded_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.expire(alert, ["response", "responded_at"])
    if not claimed:
        return False
    if response is AlertResponse.CAN_HELP and is_on_board(alert.need) and alert.offer.status in OPEN_STATUSES:
        pledge(alert.need, [alert.offer], origin=MatchOrigin.ALERT)
    db.session.flush()
    return True


def unsubscribe_token(person: Person) -> str:
    return make_token(UNSUBSCRIBE_PURPOSE, person.public_id)


def subscribe_token(person: Person) -> str:
    return make_token(SUBSCRIBE_PURPOSE, person.public_id)


def person_for(purpose: str, token: str) -> Person:
    """The person a subscribe or unsubscribe link belongs to.

    :raise InvalidToken: altered, expired, made for the other purpose, or the person is gone.
    """
    public_id = read_token(purpose, token, LINK_DAYS * 86400)
    person = db.session.scalar(sa.select(Person).where(Person.public_id == public_id))
    if person is None:
        raise InvalidToken
    return person


def set_alerts(person: Person, enabled: bool) -> bool:
    """Switch alerts on or off; ``False`` when they already were (the link works once)."""
    if person.alerts_enabled is enabled:
        return False
    person.alerts_enabled = enabled
    person.alerts_changed_at = utcnow()
    db.session.flush()
    return True
