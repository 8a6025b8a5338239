"""What the office owes a person under the DSGVO, as plain functions.

- :func:`person_data` gathers everything stored about a person (Art. 15);
- :func:`erase_person` anonymises a person but keeps the rows for counts (Art. 17);
- :func:`run_retention` anonymises persons inactive for ``RETENTION_MONTHS`` and deletes
  forwarded housing and premises details after ``FORWARDED_DETAILS_MONTHS``;
- :func:`withdraw_token` / :func:`person_for_withdrawal`: the signed link in every mail to a person.

Each function changes the session and flushes; the caller commits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import current_app, has_request_context, url_for

from app.alerts.models import NeedAlert
from app.core.audit import REDACTED, AuditEvent, record, to_json
from app.core.db import utcnow
from app.core.tokens import InvalidToken, make_token, read_token
from app.extensions import db
from app.feedback.models import MatchFeedback
from app.matching.models import Match, MatchStatus
from app.normalisation.stored import OFFER_DETAIL_TEXTS
from app.offers.models import Offer, OfferForwarding, OfferKind, OfferNote, OfferStatus
from app.outbox.models import OutboxMessage, OutboxStatus
from app.people.models import Person
from app.people.services import merged_person_ids

#: What an erased person is called; the row stays so that reports keep their counts.
ERASED_NAME = "Gelöscht"
#: Why erasure rejected a proposed match (stored German, like every note staff write).
ERASED_REASON = "Angaben aus Datenschutzgründen gelöscht"
WITHDRAW_PURPOSE = "consent-withdraw"
WITHDRAW_DAYS = 365
#: Offers the office still works with: a person holding one is never anonymised by retention.
OPEN_OFFER_STATUSES = (OfferStatus.NEW, OfferStatus.VERIFIED, OfferStatus.ON_HOLD)
#: Offers erasure withdraws (an unconfirmed one is as good as open).
WITHDRAWN_ON_ERASURE = (OfferStatus.UNCONFIRMED, *OPEN_OFFER_STATUSES)
RUNNING_MATCH_STATUSES = (MatchStatus.PROPOSED, MatchStatus.APPROVED, MatchStatus.CONTACTED, MatchStatus.ACTIVE)
#: Kinds whose offers describe a place and go to a city department.
FORWARDED_KINDS = (OfferKind.HOUSING, OfferKind.PREMISES)
#: A value in an offer's details that is a choice from a list (``apartment``, ``de``), not free text.
CHOICE = re.compile(r"^[a-z0-9_-]{1,40}$")


# --- Art. 17: erasure ---------------------------------------------------------------------------


def erase_person(person: Person, actor: Any = None) -> bool:
    """Anonymise ``person``: no name, contact, address or free text is left anywhere.

    Counts stay: the person, their offers (kind, status, dates, Stadtteil),
    matches, alerts and mails remain as rows. Open offers are withdrawn and
    proposed matches rejected with a neutral reason. Returns ``False`` when the
    person was erased before (idempotent).
    """
    if person.erased_at is not None:
        return False
    now = utcnow()
    offers = list(person.offers)
    offer_ids = [offer.id for offer in offers]
    matches = list(db.session.scalars(sa.select(Match).where(Match.offer_id.in_(offer_ids)))) if offer_ids else []
    match_ids = [match.id for match in matches]

    for offer in offers:
        if offer.status in WITHDRAWN_ON_ERASURE:
            offer.status = OfferStatus.WITHDRAWN
        _clear_offer_texts(offer, address=True)
        offer.external_ref = None
    for match in matches:
        if match.status is MatchStatus.PROPOSED:
            match.status = MatchStatus.REJECTED
            match.decided_at = now
            match.decided_by_id = actor.id if actor is not None else None
            match.note = ERASED_REASON
        elif match.note:
            match.note = None
    _blank_person(person, now)
    db.session.flush()

    if offer_ids:
        db.session.execute(sa.delete(OfferNote).where(OfferNote.offer_id.in_(offer_ids)))
    if match_ids:
        db.session.execute(sa.update(MatchFeedback).where(MatchFeedback.match_id.in_(match_ids)).values(comment=None))
    _blank_mails(person.id)
    # Last: the flush above wrote "updated" events holding the old values too.
    _scrub_trail(Person.__tablename__, [person.id, *merged_person_ids(person)])
    _scrub_trail(Offer.__tablename__, offer_ids)
    _scrub_trail(Match.__tablename__, match_ids)
    record("person_erased", person, actor=actor)
    db.session.flush()
    db.session.expire_all()
    return True


def _blank_person(person: Person, now: datetime) -> None:
    person.first_name = ERASED_NAME
    person.last_name = ERASED_NAME
    for name in (
        "name_key",
        "email",
        "email_normalised",
        "phone",
        "phone_e164",
        "other_languages",
        "skills",
        "street",
        "postcode",
    ):
        setattr(person, name, None)
    person.normalisation = {}
    person.alerts_enabled = False
    person.alerts_changed_at = now
    person.erased_at = now


def _clear_offer_texts(offer: Offer, *, address: bool) -> None:
    """The offer's own words and free-text answers; with ``address`` the street and postcode too."""
    offer.description = None
    offer.details = _choices_only({key: value for key, value in (offer.details or {}).items()})
    offer.normalisation = {}
    offer.street = None
    if address:
        offer.postcode = None


def _choices_only(value: Any) -> Any:
    """Keep ticked options, numbers and dates; drop every free text."""
    if isinstance(value, dict):
        return {key: _choices_only(item) for key, item in value.items() if key not in OFFER_DETAIL_TEXTS}
    if isinstance(value, list):
        return [_choices_only(item) for item in value if not isinstance(item, str) or CHOICE.match(item)]
    if isinstance(value, str):
        return value if CHOICE.match(value) or _is_date(value) else None
    return value


def _is_date(value: str) -> bool:
    return bool(re.match(r"^\d{4}-\d{2}-\d{2}$", value))


def _blank_mails(person_id: int) -> None:
    """Mails not sent yet are dropped; sent ones keep their row (date, template) without address or text."""
    db.session.execute(
        sa.delete(OutboxMessage).where(
            OutboxMessage.person_id == person_id, OutboxMessage.status == OutboxStatus.PENDING
        )
    )
    db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.person_id == person_id)
        .values(recipient="", context={}, subject=None, body_text=None, body_html=None)
    )


def _scrub_trail(object_type: str, object_ids: list[int]) -> None:
    """Replace the values in the events about these rows; action, actor and time stay.

    Audit events are never changed through the ORM (app.core.audit); erasure is
    the one lawful exception, so it writes with Core.
    """
    if not object_ids:
        return
    table = AuditEvent.__table__
    rows = db.session.execute(
        sa.select(table.c.id, table.c.changes).where(
            table.c.object_type == object_type, table.c.object_id.in_(object_ids)
        )
    ).all()
    for event_id, changes in rows:
        scrubbed = _scrubbed(changes or {})
        if scrubbed != changes:
            db.session.execute(sa.update(table).where(table.c.id == event_id).values(changes=scrubbed))


def _scrubbed(changes: dict[str, Any]) -> dict[str, Any]:
    # Ids and yes/no stay (a merge's ``merged_person_id`` keeps the trail of merged persons reachable).
    def value(item: Any) -> Any:
        if item is None or isinstance(item, bool | int | float):
            return item
        return REDACTED

    return {
        key: [value(part) for part in item] if isinstance(item, list) and len(item) == 2 else value(item)
        for key, item in changes.items()
    }


# --- Retention ----------------------------------------------------------------------------------


@dataclass
class RetentionReport:
    persons: int = 0
    offers: int = 0

    def __str__(self) -> str:
        return f"persons anonymised {self.persons}, forwarded offers' details deleted {self.offers}"


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` calendar months earlier (the month's last day if shorter)."""
    total = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    next_month = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=moment.tzinfo)
    last_day = (next_month - datetime(year, month, 1, tzinfo=moment.tzinfo)).days
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))


def inactive_person_ids(cutoff: datetime) -> list[int]:
    """Persons not erased whose newest activity is older than ``cutoff`` and who hold nothing running."""
    newest_offer = sa.select(sa.func.max(Offer.updated_at)).where(Offer.person_id == Person.id).scalar_subquery()
    newest_decision = (
        sa.select(sa.func.max(Match.decided_at))
        .join(Offer, Match.offer_id == Offer.id)
        .where(Offer.person_id == Person.id)
        .scalar_subquery()
    )
    open_offer = sa.exists().where(Offer.person_id == Person.id, Offer.status.in_(OPEN_OFFER_STATUSES))
    running_match = (
        sa.exists()
        .where(Match.offer_id == Offer.id, Offer.person_id == Person.id)
        .where(Match.status.in_(RUNNING_MATCH_STATUSES))
    )
    query = (
        sa.select(Person.id)
        .where(Person.erased_at.is_(None), Person.created_at < cutoff)
        .where(sa.or_(newest_offer.is_(None), newest_offer < cutoff))
        .where(sa.or_(newest_decision.is_(None), newest_decision < cutoff))
        .where(~open_offer, ~running_match)
        .order_by(Person.id)
    )
    return list(db.session.scalars(query))


def forwarded_offers_due(cutoff: datetime) -> list[Offer]:
    """Housing and premises offers forwarded before ``cutoff`` whose details are still there."""
    due = (
        sa.select(OfferForwarding.offer_id)
        .where(OfferForwarding.details_deleted_at.is_(None), OfferForwarding.created_at < cutoff)
        .distinct()
    )
    return list(
        db.session.scalars(
            sa.select(Offer).where(Offer.id.in_(due), Offer.kind.in_(FORWARDED_KINDS)).order_by(Offer.id)
        )
    )


def delete_forwarded_details(offer: Offer, cutoff: datetime, now: datetime) -> None:
    """The place's street and every free text go; kind, Stadtteil and numbers stay for reports."""
    _clear_offer_texts(offer, address=False)
    for forwarding in offer.forwardings:
        if forwarding.details_deleted_at is None and forwarding.created_at < cutoff:
            forwarding.details_deleted_at = now
    db.session.flush()
    _scrub_trail(Offer.__tablename__, [offer.id])


def run_retention(now: datetime | None = None) -> RetentionReport:
    """The daily job: what it did, as counts only. Running it again finds nothing more to do."""
    now = now or utcnow()
    config = current_app.config
    report = RetentionReport()
    for person_id in inactive_person_ids(months_before(now, config["RETENTION_MONTHS"])):
        person = db.session.get(Person, person_id)
        if erase_person(person, actor=None):
            report.persons += 1
    forwarded_cutoff = months_before(now, config["FORWARDED_DETAILS_MONTHS"])
    for offer in forwarded_offers_due(forwarded_cutoff):
        delete_forwarded_details(offer, forwarded_cutoff, now)
        report.offers += 1
    return report


# --- Withdrawing consent by the link in a mail --------------------------------------------------


def withdraw_token(person: Person | str) -> str:
    public_id = person if isinstance(person, str) else person.public_id
    return make_token(WITHDRAW_PURPOSE, public_id)


def person_for_withdrawal(token: str) -> Person:
    """The person a withdrawal link belongs to.

    :raise InvalidToken: altered, expired, made for another purpose, or the person is gone.
    """
    public_id = read_token(WITHDRAW_PURPOSE, token, WITHDRAW_DAYS * 86400)
    person = db.session.scalar(sa.select(Person).where(Person.public_id == public_id))
    if person is None:
        raise InvalidToken
    return person


# --- Art. 15: access ----------------------------------------------------------------------------

PERSON_SKIPPED = frozenset({"id"})


def _row(obj: Any, skip: frozenset[str] = frozenset()) -> dict[str, Any]:
    columns = sa.inspect(type(obj)).column_attrs
    return {attr.key: to_json(getattr(obj, attr.key)) for attr in columns if attr.key not in skip}


def person_data(person: Person) -> dict[str, Any]:
    """Everything stored about ``person``, as JSON data (Art. 15 DSGVO).

    Mails are listed by template, subject and date: their bodies also hold
    other people's data (an organisation's contact person).
    """
    offers = list(person.offers)
    offer_ids = [offer.id for offer in offers]
    matches = (
        list(db.session.scalars(sa.select(Match).where(Match.offer_id.in_(offer_ids)).order_by(Match.id)))
        if offer_ids
        else []
    )
    match_ids = [match.id for match in matches]
    alerts = db.session.scalars(sa.select(NeedAlert).where(NeedAlert.person_id == person.id).order_by(NeedAlert.id))
    feedback = (
        db.session.scalars(
            sa.select(MatchFeedback).where(MatchFeedback.match_id.in_(match_ids)).order_by(MatchFeedback.id)
        )
        if match_ids
        else []
    )
    mails = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.person_id == person.id).order_by(OutboxMessage.id)
    )
    person_ids = [person.id, *merged_person_ids(person)]
    events = db.session.scalars(
        sa.select(AuditEvent)
        .where(
            sa.or_(
                sa.and_(AuditEvent.object_type == Person.__tablename__, AuditEvent.object_id.in_(person_ids)),
                sa.and_(AuditEvent.object_type == Offer.__tablename__, AuditEvent.object_id.in_(offer_ids)),
                sa.and_(AuditEvent.object_type == Match.__tablename__, AuditEvent.object_id.in_(match_ids)),
            )
        )
        .order_by(AuditEvent.created_at, AuditEvent.id)
    )
    return {
        "exported_at": to_json(utcnow()),
        "person": _row(person, PERSON_SKIPPED),
        "languages": person.language_codes,
        "consent": {
            "version": person.consent_version,
            "at": to_json(person.consent_at),
            "channel": to_json(person.consent_channel),
        },
        "offers": [
            {
                "reference": offer.reference,
                **_row(offer, frozenset({"id", "person_id", "search_text"})),
                "notes": [{"created_at": to_json(note.created_at), "text": note.text} for note in offer.notes],
                "forwardings": [
                    {
                        "department": forwarding.department_name,
                        "created_at": to_json(forwarding.created_at),
                        "details_deleted_at": to_json(forwarding.details_deleted_at),
                    }
                    for forwarding in offer.forwardings
                ],
            }
            for offer in offers
        ],
        "matches": [
            {
                "offer": match.offer.reference,
                "need": match.need.title,
                "organisation": match.need.organisation.name,
                "status": to_json(match.status),
                "origin": to_json(match.origin),
                "created_at": to_json(match.created_at),
                "decided_at": to_json(match.decided_at),
                "note": match.note,
            }
            for match in matches
        ],
        "alerts": [
            {
                "need": alert.need.title,
                "created_at": to_json(alert.created_at),
                "mailed": alert.mail_id is not None,
                "response": to_json(alert.response),
                "responded_at": to_json(alert.responded_at),
            }
            for alert in alerts
        ],
        "feedback": [
            {
                "match_offer": item.match.offer.reference,
                "side": to_json(item.side),
                "asked_at": to_json(item.asked_at),
                "answer": to_json(item.answer),
                "comment": item.comment,
                "answered_at": to_json(item.answered_at),
            }
            for item in feedback
        ],
        "mails": [
            {
                "template": mail.template,
                "subject": mail.subject,
                "to_person": bool(person.email) and mail.recipient.lower() == person.email.lower(),
                "created_at": to_json(mail.created_at),
                "sent_at": to_json(mail.sent_at),
                "status": to_json(mail.status),
            }
            for mail in mails
        ],
        "audit_events": [
            {
                "created_at": to_json(event.created_at),
                "action": event.action,
                "object_type": event.object_type,
                "changes": event.changes,
            }
            for event in events
        ],
    }


# --- Consent versions ---------------------------------------------------------------------------

#: The text of every consent version a person agreed to, one file per version, never changed.
CONSENT_DIR = Path(__file__).resolve().parent / "consent"


def consent_text_path(version: str) -> Path:
    return CONSENT_DIR / f"{version}.md"


def versions_without_text() -> list[str]:
    """Consent versions stored on persons, and the configured one, whose text is not kept."""
    stored = set(db.session.scalars(sa.select(Person.consent_version).distinct()))
    versions = stored | {current_app.config["PRIVACY_NOTICE_VERSION"]}
    return sorted(version for version in versions if not consent_text_path(version).is_file())


def withdraw_url(person_id: int, recipient: str) -> str | None:
    """The link to withdraw consent for a mail to ``recipient`` about the person, or ``None``.

    Only in mails to the person's own address (an organisation told of a match
    must not be able to erase the volunteer), and only where the portal's
    address is known: in a request, or with ``SERVER_NAME`` set.
    """
    if not (has_request_context() or current_app.config.get("SERVER_NAME")):
        return None
    person = db.session.get(Person, person_id)
    if person is None or person.erased_at is not None or not person.email:
        return None
    if person.email.strip().lower() != (recipient or "").strip().lower():
        return None
    try:
        return url_for("privacy.withdraw", token=withdraw_token(person), _external=True)
    except RuntimeError:  # an app context pushed before SERVER_NAME was set: no address after all
        return None
