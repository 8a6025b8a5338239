"""What coordinators and the hotline do with an offer: status, edits, notes, forwarding.

Each function changes the session and flushes; the caller commits. The audit
trail records status changes and edits by itself (app.core.audit); notes and
forwardings add an event of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from app.accounts.models import User
from app.core.audit import record
from app.core.city import Department
from app.extensions import db
from app.offers.models import Offer, OfferForwarding, OfferNote, OfferStatus
from app.offers.services import OfferData
from app.outbox.services import enqueue
from app.places.services import locate
from app.screening.details import contact_facts, offer_facts


class ScreeningError(Exception):
    """The action does not fit the offer as it is now; the message says why, in German."""


@dataclass(frozen=True)
class Transition:
    label: object
    sources: frozenset[OfferStatus]
    target: OfferStatus


S = OfferStatus
#: Every status change a coordinator can make, in the order the buttons appear.
#: Unconfirmed offers wait for their opt-in (or the purge) and cannot be screened.
TRANSITIONS = {
    "verify": Transition(_l("Als geprüft freigeben"), frozenset({S.NEW, S.ON_HOLD}), S.VERIFIED),
    "hold": Transition(_l("Zurückstellen"), frozenset({S.NEW, S.VERIFIED}), S.ON_HOLD),
    "withdraw": Transition(_l("Zurückziehen"), frozenset({S.NEW, S.VERIFIED, S.ON_HOLD}), S.WITHDRAWN),
    "reopen": Transition(_l("Wieder in die Warteschlange"), frozenset({S.ON_HOLD, S.WITHDRAWN, S.CLOSED}), S.NEW),
}


def allowed_actions(offer: Offer) -> list[str]:
    return [name for name, transition in TRANSITIONS.items() if offer.status in transition.sources]


def change_status(offer: Offer, action: str) -> OfferStatus:
    """Apply one of :data:`TRANSITIONS`; the trail records old and new status.

    :raise ScreeningError: the action is unknown or not possible from the offer's status.
    """
    transition = TRANSITIONS.get(action)
    if transition is None or offer.status not in transition.sources:
        raise ScreeningError(_l("Das geht bei einem Angebot in diesem Status nicht. Bitte laden Sie die Seite neu."))
    offer.status = transition.target
    db.session.flush()
    return offer.status


def edit_offer(offer: Offer, data: OfferData) -> None:
    """Replace what staff may edit: description, quantity, period, details and the offered place.

    ``data`` comes from the kind's sub-form (app.offers.forms.offer_data); the
    kind itself, the person and the source stay as they are.
    """
    offer.details = data.details
    offer.description = data.description
    offer.quantity = data.quantity
    offer.available_from = data.available_from
    offer.available_until = data.available_until
    if data.location is not None:
        for field in fields(data.location):
            setattr(offer, field.name, getattr(data.location, field.name))
        locate(offer)
    db.session.flush()


def add_note(offer: Offer, text: str, author: User | None) -> OfferNote:
    note = OfferNote(offer=offer, text=text, author=author)
    db.session.add(note)
    db.session.flush()
    record("note_added", offer, actor=author, text=text)
    return note


def departments_for(offer: Offer) -> list[Department]:
    """The city's departments responsible for the offer's kind (housing, premises in Hannover).

    Which kinds go to a department is the city's data (city.toml), not code.
    """
    city = current_app.extensions["helfernetz.city"]
    return [department for department in city.departments if offer.kind.value in department.kinds]


def forward_offer(offer: Offer, department_key: str, actor: User | None) -> OfferForwarding:
    """Send the offer with the person's contact to a department and keep a record of it.

    :raise ScreeningError: no department with that key is responsible for the offer's kind.
    """
    department = next((d for d in departments_for(offer) if d.key == department_key), None)
    if department is None:
        raise ScreeningError(_l("Für diese Art von Angebot ist keine Stelle der Stadt zuständig."))
    forwarding = OfferForwarding(
        offer=offer,
        department_key=department.key,
        department_name=department.name,
        department_email=department.email,
        actor=actor,
    )
    db.session.add(forwarding)
    db.session.flush()
    record("forwarded", offer, actor=actor, department=department.name)
    _queue_forwarding_mail(offer, department, actor)
    return forwarding


#: City departments read German; the mail is written in it whatever the sender's language.
DEPARTMENT_LOCALE = "de"


def _queue_forwarding_mail(offer: Offer, department: Department, actor: User | None) -> None:
    # The outbox stores JSON and renders later, so the labels are resolved now, in German.
    with force_locale(DEPARTMENT_LOCALE):
        facts = [[str(label), value] for label, value in offer_facts(offer)]
        contact = [[str(label), value] for label, value in contact_facts(offer.person)]
    enqueue(
        department.email,
        "offer_forwarded",
        DEPARTMENT_LOCALE,
        person_id=offer.person_id,
        reference=offer.reference,
        kind=offer.kind.value,
        department=department.name,
        sender=actor.display_name if actor else None,
        facts=facts,
        contact=contact,
    )
