"""Form payloads for the public offer form, one valid set per kind."""

from __future__ import annotations

PERSON = {
    "first_name": "Amira",
    "last_name": "Haddad",
    "email": "amira.haddad@example.org",
    "phone": "0511 1234567",
    "languages": ["ar", "en"],
    "other_languages": "Kurmancî",
    "skills": "Ärztin im Ruhestand",
    "district": "Linden-Nord",
    "postcode": "30451",
    "travel_radius_km": "5",
    "availability": ["mon_morning", "wed_evening"],
    "consent": "y",
}

KIND_PAYLOADS = {
    "language_support": {"language_support-formats": ["german_lessons"], "language_support-audiences": ["adults"]},
    "interpreting": {
        "interpreting-languages-0-language": "ar",
        "interpreting-languages-0-level": "native",
        "interpreting-settings": ["doctors"],
    },
    "mentoring": {"mentoring-targets": ["family"], "mentoring-focus": ["authorities"]},
    "minors_support": {"minors_support-activities": "Fußball am Wochenende", "minors_support-certificate": "available"},
    "housing": {
        "housing-housing_type": "room",
        "housing-district": "List",
        "housing-persons": "2",
        "housing-size_m2": "18",
        "housing-available_from": "2026-12-01",
        "housing-furnished": "y",
    },
    "premises": {"premises-premises_type": "hall", "premises-postcode": "30659", "premises-size_m2": "400"},
    "donation": {
        "donation-categories": ["clothing"],
        "donation-items": "3 Winterjacken Größe M",
        "donation-quantity": "3",
    },
    "other": {"other-description": "Fahrradreparatur im Hinterhof"},
}

#: For each kind, a required answer to leave out and the message expected.
MISSING_REQUIRED = {
    "language_support": ("language_support-formats", "mindestens eine Form der Sprachförderung"),
    "interpreting": ("interpreting-languages-0-language", "mindestens eine Sprache"),
    "mentoring": ("mentoring-targets", "wen Sie begleiten möchten"),
    "minors_support": ("minors_support-certificate", "Führungszeugnis"),
    "housing": ("housing-housing_type", "Zimmer, Wohnung oder Haus"),
    "premises": ("premises-premises_type", "Art der Fläche"),
    "donation": ("donation-items", "beschreiben Sie die Gegenstände"),
    "other": ("other-description", "beschreiben Sie Ihr Angebot"),
}


def offer_form(*kinds: str, **overrides) -> dict:
    data = {**PERSON, "kinds": list(kinds) or ["interpreting"]}
    for kind in data["kinds"]:
        data.update(KIND_PAYLOADS[kind])
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
