"""Labels of need states, urgencies and fields, translated at render time."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core.i18n import language_name
from app.needs.models import NeedStatus
from app.needs.public_vocabulary import URGENCY_LABELS
from app.offers.vocabulary import CHANNEL_LABELS, KIND_LABELS

STATUS_LABELS = {
    NeedStatus.OPEN: _l("offen"),
    NeedStatus.PARTLY_FILLED: _l("teilweise besetzt"),
    NeedStatus.FILLED: _l("besetzt"),
    NeedStatus.CLOSED: _l("abgeschlossen"),
}

#: What the button that moves a need into each status says.
STATUS_ACTIONS = {
    NeedStatus.OPEN: _l("Wieder öffnen"),
    NeedStatus.PARTLY_FILLED: _l("Als teilweise besetzt markieren"),
    NeedStatus.FILLED: _l("Als besetzt markieren"),
    NeedStatus.CLOSED: _l("Abschließen"),
}

#: Column names as the audit trail shows them.
FIELD_LABELS = {
    "kind": _l("Art"),
    "title": _l("Titel"),
    "description": _l("Beschreibung"),
    "required_languages": _l("Erforderliche Sprachen"),
    "helpful_languages": _l("Hilfreiche Sprachen"),
    "skills": _l("Kenntnisse und Fähigkeiten"),
    "quantity": _l("Anzahl"),
    "urgency": _l("Dringlichkeit"),
    "status": _l("Status"),
    "starts_on": _l("Ab"),
    "ends_on": _l("Bis"),
    "street": _l("Straße und Hausnummer"),
    "postcode": _l("Postleitzahl"),
    "town": _l("Ort"),
    "district": _l("Stadtteil"),
    "channel": _l("Eingangsweg"),
    "organisation_id": _l("Organisation"),
    "created_by_id": _l("Eingetragen von"),
    "is_public": _l("Auf der öffentlichen Bedarfsliste"),
    "published_at": _l("Auf der Bedarfsliste seit"),
}

#: Stored values the trail shows as words.
VALUE_LABELS = {
    "kind": KIND_LABELS,
    "status": STATUS_LABELS,
    "urgency": URGENCY_LABELS,
    "channel": CHANNEL_LABELS,
    "required_languages": language_name,
    "helpful_languages": language_name,
}
