"""An offer in readable words: its kind's answers labelled as the form asked them.

The offer form's sub-forms (app.offers.kind_forms) know every detail's label
and the label of every stored value, so they are reused here for showing an
offer, for its edit form and for the mail to a city department.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import Field, Form

from app.core.i18n import language_name
from app.offers import kind_forms as k
from app.offers.forms import LOCATION_KEYS, QUANTITY_FIELDS, TEXT_FIELDS
from app.offers.models import Offer, OfferKind
from app.offers.vocabulary import KIND_LABELS
from app.people.models import Person

KIND_FORMS: dict[OfferKind, type[Form]] = {
    OfferKind.LANGUAGE_SUPPORT: k.LanguageSupportForm,
    OfferKind.INTERPRETING: k.InterpretingForm,
    OfferKind.MENTORING: k.MentoringForm,
    OfferKind.MINORS_SUPPORT: k.MinorsSupportForm,
    OfferKind.HOUSING: k.HousingForm,
    OfferKind.PREMISES: k.PremisesForm,
    OfferKind.DONATION: k.DonationForm,
    OfferKind.OTHER: k.OtherForm,
}
PERIOD_KEYS = ("available_from", "available_until")

Fact = tuple[object, str]


def has_field(kind: OfferKind, name: str) -> bool:
    """Whether the kind's sub-form asks for ``name`` itself (e.g. its own period or place)."""
    return hasattr(KIND_FORMS[kind], name)


def text_field(kind: OfferKind) -> str:
    return TEXT_FIELDS.get(kind, "description")


def form_data(offer: Offer) -> dict[str, Any]:
    """The offer as its kind's sub-form holds it: the reverse of app.offers.forms.offer_data."""
    data = dict(offer.details or {})
    data[text_field(offer.kind)] = offer.description
    if offer.kind is OfferKind.INTERPRETING:
        data["languages"] = [
            {"language": entry.get("code"), "level": entry.get("level")} for entry in data.get("languages", [])
        ]
    for key in (*LOCATION_KEYS, *PERIOD_KEYS):
        if has_field(offer.kind, key):
            data[key] = getattr(offer, key)
    return data


def _choice_labels(field: Field) -> dict[str, object]:
    return {choice.value: choice.label for choice in field.choices or ()}


def _interpreting_languages(field: Field) -> str:
    entries = [entry.form for entry in field.entries if entry.form.language.data]
    levels = _choice_labels(entries[0].level) if entries else {}
    return ", ".join(
        f"{language_name(entry.language.data)} ({levels.get(entry.level.data, entry.level.data)})" for entry in entries
    )


def _display(field: Field) -> str:
    """A sub-form field's value as words; empty when there is nothing to say."""
    data = field.data
    if field.type == "FieldList":
        return _interpreting_languages(field)
    if field.type == "BooleanField":
        return _("ja") if data else _("nein")
    if data is None or data in ("", []):
        return ""
    if isinstance(data, date):
        return format_date(data)
    if field.type in ("MultiCheckboxField", "RadioField", "SelectField"):
        labels = _choice_labels(field)
        values = data if isinstance(data, list) else [data]
        return ", ".join(str(labels.get(value, value)) for value in values)
    return str(data)


def kind_facts(offer: Offer) -> list[Fact]:
    """The kind's own answers; description, period and place are shown on their own."""
    skipped = {text_field(offer.kind), *LOCATION_KEYS, *PERIOD_KEYS}
    form = KIND_FORMS[offer.kind](data=form_data(offer))
    facts = [(field.label.text, _display(field)) for field in form if field.name not in skipped]
    return [(label, value) for label, value in facts if value]


def offer_languages(offer: Offer) -> list[str]:
    """Codes of the languages the person speaks and, for interpreting, those the offer names."""
    codes = offer.person.language_codes
    if offer.kind is not OfferKind.INTERPRETING:
        return codes
    named = [entry.get("code") for entry in (offer.details or {}).get("languages", [])]
    return [*codes, *(code for code in named if code and code not in codes)]


def period_text(offer: Offer) -> str:
    start, end = offer.available_from, offer.available_until
    if start and end:
        return f"{format_date(start)} – {format_date(end)}"
    if start:
        return _("ab %(date)s", date=format_date(start))
    if end:
        return _("bis %(date)s", date=format_date(end))
    return ""


def address_lines(target: Offer | Person) -> list[str]:
    """Street, postcode and town, Stadtteil and Stadtbezirk: what is known of a place."""
    town = " ".join(part for part in (target.postcode, target.town) if part)
    area = " / ".join(part for part in (target.district, target.borough) if part)
    return [line for line in (target.street, town, area) if line]


def offer_facts(offer: Offer) -> list[Fact]:
    """Everything about the offer itself, in the current language, for the page and the department's mail."""
    facts: list[Fact] = [(_l("Art"), str(KIND_LABELS[offer.kind])), *kind_facts(offer)]
    if offer.quantity and offer.kind not in QUANTITY_FIELDS:
        facts.append((_l("Anzahl"), str(offer.quantity)))
    if offer.description:
        facts.append((_l("Beschreibung"), offer.description))
    if period := period_text(offer):
        facts.append((_l("Zeitraum"), period))
    if has_field(offer.kind, "district") and (place := address_lines(offer)):
        facts.append((_l("Ort"), ", ".join(place)))
    return facts


def contact_facts(person: Person) -> list[Fact]:
    """How to reach the person: for staff and for a city department an offer goes to."""
    languages = [language_name(code) for code in person.language_codes]
    if person.other_languages:
        languages.append(person.other_languages)
    facts: list[Fact] = [
        (_l("Name"), person.full_name),
        (_l("E-Mail"), person.email or ""),
        (_l("Telefon"), person.phone or ""),
        (_l("Anschrift"), ", ".join(address_lines(person))),
        (_l("Sprachen"), ", ".join(languages)),
    ]
    return [(label, value) for label, value in facts if value]
