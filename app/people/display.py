"""A person in readable words, for the person page and the side-by-side view of a merge."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.core.audit import AuditEvent
from app.core.i18n import language_name
from app.offers.vocabulary import CHANNEL_LABELS, DAY_LABELS, SLOT_LABELS
from app.people.availability import DAYS, SLOTS, bit
from app.people.models import Person
from app.people.vocabulary import FIELD_LABELS
from app.screening.details import address_lines

Fact = tuple[object, str]


def availability_text(mask: int) -> str:
    """'Montag vormittags, abends; Mittwoch nachmittags' from the weekly grid."""
    days = []
    for day in DAYS:
        slots = [str(SLOT_LABELS[slot]) for slot in SLOTS if mask & bit(day, slot)]
        if slots:
            days.append(f"{DAY_LABELS[day]} {', '.join(slots)}")
    return "; ".join(days)


def person_facts(person: Person) -> list[Fact]:
    """Every fact about the person, in a fixed order (empty ones as ""), so two persons line up."""
    languages = ", ".join(language_name(code) for code in person.language_codes)
    radius = _("bis %(km)d km", km=person.travel_radius_km) if person.travel_radius_km else ""
    return [
        (_l("Name"), person.full_name),
        (_l("E-Mail"), person.email or ""),
        (_l("Telefon"), person.phone or ""),
        (_l("Anschrift"), ", ".join(address_lines(person))),
        (_l("Sprachen"), languages),
        (_l("Weitere Sprachen"), person.other_languages or ""),
        (_l("Kenntnisse"), person.skills or ""),
        (_l("Fährt bis"), radius),
        (_l("Zeiten"), availability_text(person.availability)),
        (_l("Sprache für E-Mails"), language_name(person.locale)),
    ]


def consent_facts(person: Person) -> list[Fact]:
    confirmed = format_datetime(person.confirmed_at, "short") if person.confirmed_at else _("noch nicht bestätigt")
    return [
        (_l("Datenschutzhinweise, Fassung"), person.consent_version),
        (_l("Einwilligung am"), format_datetime(person.consent_at, "short")),
        (_l("Einwilligung über"), str(CHANNEL_LABELS[person.consent_channel])),
        (_l("Bestätigt"), confirmed),
    ]


@dataclass
class TrailEntry:
    """An audit event as the shared trail macro reads it, with nested details spread out."""

    action: str
    created_at: datetime
    actor: Any
    changes: dict[str, Any]


def readable_trail(events: list[AuditEvent], person: Person) -> list[TrailEntry]:
    """The trail as staff read it: events of merged persons say so, a merge's snapshot is spread out.

    The snapshot ({"merged": {...}}) becomes one line per field; the trail
    macro shows a two-item list as "old → new", so lists in it are joined first.
    """
    entries = []
    for event in events:
        changes = _spread(event.changes)
        if event.object_id != person.id:
            changes = {"merged_person": _("zusammengeführte Person Nr. %(id)d", id=event.object_id), **changes}
        entries.append(TrailEntry(event.action, event.created_at, event.actor, changes))
    return entries


def _spread(changes: dict[str, Any]) -> dict[str, Any]:
    spread = {}
    for key, value in changes.items():
        if not isinstance(value, dict):
            spread[key] = value
            continue
        for name, item in value.items():
            if item not in (None, "", []):
                spread[f"{key}.{name}"] = ", ".join(map(str, item)) if isinstance(item, list) else item
    return spread


def trail_labels() -> dict[str, str]:
    """Field labels for the person trail, also for the merged person's snapshot."""
    labels = {key: str(label) for key, label in FIELD_LABELS.items()}
    merged = {f"merged.{key}": _("Dublette: %(field)s", field=label) for key, label in labels.items()}
    return {**labels, **merged, "merged_person": _("Betrifft")}
