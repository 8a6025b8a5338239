"""Labels of the person pages: why a person may be a duplicate, trail fields."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

REASON_LABELS = {
    "phone": _l("gleiche Telefonnummer"),
    "email": _l("gleiche E-Mail-Adresse"),
    "name": _l("ähnlicher Name"),
}

#: Person columns and merge details as the trail names them.
FIELD_LABELS = {
    "first_name": _l("Vorname"),
    "last_name": _l("Nachname"),
    "email": _l("E-Mail"),
    "phone": _l("Telefon"),
    "locale": _l("Sprache für E-Mails"),
    "languages": _l("Sprachen"),
    "other_languages": _l("Weitere Sprachen"),
    "skills": _l("Kenntnisse"),
    "street": _l("Straße und Hausnummer"),
    "postcode": _l("Postleitzahl"),
    "town": _l("Ort"),
    "district": _l("Stadtteil"),
    "travel_radius_km": _l("Umkreis in km"),
    "availability": _l("Zeiten"),
    "consent_version": _l("Datenschutzhinweise, Fassung"),
    "consent_at": _l("Einwilligung am"),
    "consent_channel": _l("Einwilligung über"),
    "confirmed_at": _l("Bestätigt am"),
    "alerts_enabled": _l("Hinweise auf neue Bedarfe"),
    "alerts_changed_at": _l("Hinweise zuletzt geändert am"),
    "created_at": _l("Angelegt am"),
    "public_id": _l("Personen-ID"),
    "offers": _l("Angebote"),
    "merged_person_id": _l("Zusammengeführte Person (Nr.)"),
}
