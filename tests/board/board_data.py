"""Needs on and off the public board, shared by the board's tests."""

from __future__ import annotations

from datetime import date

from app.board.services import pledge, publish
from app.extensions import db
from app.needs.models import Need, NeedStatus, Urgency
from app.offers.models import Offer, OfferKind, OfferStatus
from tests.factories import make_need, make_offer, make_organisation, make_person


def public_need(organisation, title: str, **fields) -> Need:
    need = make_need(organisation, title, **fields)
    publish(need, True)
    db.session.flush()
    return need


def board_needs() -> dict[str, Need]:
    """Two needs on the board, and three that must not be: private, filled, closed."""
    organisation = make_organisation()
    needs = {
        "jackets": public_need(
            organisation,
            "Winterjacken für Erwachsene",
            kind=OfferKind.DONATION,
            quantity=20,
            borough="Mitte",
            urgency=Urgency.HIGH,
            helpful_languages=["ar"],
        ),
        "interpreters": public_need(
            organisation,
            "Dolmetschen beim Kinderarzt",
            kind=OfferKind.INTERPRETING,
            quantity=3,
            borough="Linden-Limmer",
            status=NeedStatus.PARTLY_FILLED,
            required_languages=["fa"],
            starts_on=date(2026, 12, 1),
            ends_on=date(2027, 2, 28),
        ),
        "private": make_need(organisation, "Nur intern gesucht", kind=OfferKind.DONATION, borough="Mitte"),
        "filled": public_need(organisation, "Schon besetzt", status=NeedStatus.FILLED, borough="Mitte"),
        "closed": public_need(organisation, "Schon abgeschlossen", status=NeedStatus.CLOSED, borough="Mitte"),
    }
    db.session.commit()
    return needs


def donor_offer(quantity: int, status: OfferStatus = OfferStatus.NEW, first_name: str = "Bert") -> Offer:
    """A donation offer of ``quantity`` items from a new person (confirmed unless ``status`` says not)."""
    person = make_person(first_name, "Spender", kind=OfferKind.DONATION)
    return make_offer(person, OfferKind.DONATION, quantity=quantity, status=status)


def pledge_offer(need: Need, offer: Offer):
    """Link ``offer`` to ``need`` as a citizen's pledge, as the offer form does."""
    (match,) = pledge(need, [offer])
    db.session.commit()
    return match
