"""What must not go on the public board: contact data and addresses in a need's title.

Shelters' addresses are not published, for the residents' safety, and titles are typed
by staff in a hurry. The need form refuses a public title that looks like it holds a mail
address, a phone number, a street with a house number or the organisation's own street.
"""

from __future__ import annotations

import re

from app.organisations.models import Organisation

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
#: Six or more digits, maybe split by spaces, slashes, dots or dashes, maybe with a leading +.
PHONE = re.compile(r"\+?\d(?:[\s/.\-()]*\d){5,}")
#: A street name ending the German way, then a house number ("Hauptstr. 5", "Am Weg 12a").
STREET = re.compile(
    r"\b\w*(?:stra(?:ß|ss)e|str\.|weg|platz|allee|gasse|ring|damm|ufer|chaussee|steig|pfad)\s+\d+\s?[a-z]?\b",
    re.IGNORECASE,
)


def public_text_problems(text: str, organisation: Organisation | None = None) -> list[str]:
    """Which kinds of private data ``text`` seems to hold: ``email``, ``phone``, ``address``."""
    problems = []
    if EMAIL.search(text):
        problems.append("email")
    if PHONE.search(text):
        problems.append("phone")
    street = _street_name(organisation.street if organisation else None)
    if STREET.search(text) or (street and street in text.casefold()):
        problems.append("address")
    return problems


def _street_name(street: str | None) -> str | None:
    """The street without its house number, folded ("Am Listholze 31" → "am listholze")."""
    name = re.sub(r"\s*\d+\s?[a-z]?(\s*[-/]\s*\d+\s?[a-z]?)?\s*$", "", street or "", flags=re.IGNORECASE).strip()
    return name.casefold() if len(name) > 3 else None
