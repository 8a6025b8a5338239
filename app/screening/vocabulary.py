"""Labels of the screening pages: offer statuses and the columns the audit trail names."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.offers.models import OfferStatus
from app.offers.vocabulary import CHANNEL_LABELS, KIND_LABELS

STATUS_LABELS = {
    OfferStatus.UNCONFIRMED: _l("Unbestätigt"),
    OfferStatus.NEW: _l("Neu"),
    OfferStatus.VERIFIED: _l("Geprüft"),
    OfferStatus.ON_HOLD: _l("Zurückgestellt"),
    OfferStatus.WITHDRAWN: _l("Zurückgezogen"),
    OfferStatus.CLOSED: _l("Abgeschlossen"),
}

#: Offer columns and event details as the trail names them.
FIELD_LABELS = {
    "status": _l("Status"),
    "kind": _l("Art"),
    "source": _l("Eingangsweg"),
    "details": _l("Angaben"),
    "description": _l("Beschreibung"),
    "quantity": _l("Anzahl"),
    "available_from": _l("Verfügbar ab"),
    "available_until": _l("Verfügbar bis"),
    "street": _l("Straße und Hausnummer"),
    "postcode": _l("Postleitzahl"),
    "town": _l("Ort"),
    "district": _l("Stadtteil"),
    "person_id": _l("Person"),
    "external_ref": _l("Importnummer"),
    "text": _l("Text"),
    "department": _l("Stelle"),
}

#: Stored values of the trail's fields as staff read them.
VALUE_LABELS = {"status": STATUS_LABELS, "kind": KIND_LABELS, "source": CHANNEL_LABELS}
