"""Labels of organisation kinds and fields, translated at render time."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.organisations.models import OrganisationKind

KIND_LABELS = {
    OrganisationKind.SHARED_HOUSING: _l("Gemeinschaftsunterkunft"),
    OrganisationKind.EMERGENCY_SHELTER: _l("Notunterkunft"),
    OrganisationKind.HOUSING_PROJECT: _l("Wohnprojekt"),
    OrganisationKind.NEIGHBOURHOOD_NETWORK: _l("Unterstützerkreis im Stadtteil"),
    OrganisationKind.OTHER: _l("Andere Organisation"),
}

#: Column names as the audit trail shows them.
FIELD_LABELS = {
    "name": _l("Name"),
    "kind": _l("Art"),
    "street": _l("Straße und Hausnummer"),
    "postcode": _l("Postleitzahl"),
    "town": _l("Ort"),
    "district": _l("Stadtteil"),
    "contact_name": _l("Ansprechperson"),
    "email": _l("E-Mail-Adresse"),
    "phone": _l("Telefon"),
    "is_active": _l("Aktiv"),
}

#: Stored values the trail shows as words.
VALUE_LABELS = {"kind": KIND_LABELS}
