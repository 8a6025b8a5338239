"""The record of processing activities (Art. 30 DSGVO), generated from the data model.

Every column of every table is classified here; ``tests/privacy`` fails when a
column is added without a category, so the record cannot fall behind the schema.
The page reflects ``db.metadata`` and groups each table's columns by category.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l

from app.extensions import db


class Category(StrEnum):
    IDENTITY = "identity"
    CONTACT = "contact"
    ADDRESS = "address"
    FREE_TEXT = "free_text"
    LANGUAGES = "languages"
    CONSENT = "consent"
    #: What was offered, asked, decided and when (kind, status, dates, counts).
    ACTIVITY = "activity"
    TECHNICAL = "technical"
    #: No personal data (the taxonomy, an organisation's need).
    NONE = "none"


CATEGORY_LABELS = {
    Category.IDENTITY: _l("Identität"),
    Category.CONTACT: _l("Kontaktdaten"),
    Category.ADDRESS: _l("Adresse und Ort"),
    Category.FREE_TEXT: _l("Freitexte"),
    Category.LANGUAGES: _l("Sprachen"),
    Category.CONSENT: _l("Einwilligung"),
    Category.ACTIVITY: _l("Angebote, Vermittlungen und Vorgänge"),
    Category.TECHNICAL: _l("Technische Daten"),
    Category.NONE: _l("Kein Personenbezug"),
}


class Basis(StrEnum):
    CONSENT = "consent"
    PUBLIC_TASK = "public_task"


BASIS_LABELS = {
    Basis.CONSENT: _l("Einwilligung (Art. 6 Abs. 1 Buchst. a DSGVO)"),
    Basis.PUBLIC_TASK: _l("Wahrnehmung einer Aufgabe im öffentlichen Interesse (Art. 6 Abs. 1 Buchst. e DSGVO)"),
}


class Recipient(StrEnum):
    OFFICE = "office"
    ORGANISATIONS = "organisations"
    DEPARTMENTS = "departments"


class Retention(StrEnum):
    PERSON = "person"
    FORWARDED = "forwarded"
    WITH_PERSON = "with_person"
    ACCOUNT = "account"


C = Category
#: Where the place columns of app.places.LocationMixin belong (the point is a Stadtteil's centre).
PLACE = {"street": C.ADDRESS, "postcode": C.ADDRESS, "town": C.ADDRESS, "district": C.ADDRESS}
PLACE_DERIVED = {"borough": C.ADDRESS, "lat": C.TECHNICAL, "lon": C.TECHNICAL}
STAMPS = {"created_at": C.TECHNICAL, "updated_at": C.TECHNICAL}


@dataclass(frozen=True)
class Activity:
    """One table: what it is for, whose data, on what basis, to whom, how long; and its columns."""

    title: Any
    purpose: Any
    subjects: Any
    columns: dict[str, Category]
    basis: Basis | None = None
    recipients: tuple[Recipient, ...] = ()
    retention: Retention | None = None
    notes: tuple[Any, ...] = field(default_factory=tuple)

    @property
    def personal(self) -> bool:
        return any(category is not Category.NONE for category in self.columns.values())


VOLUNTEERS = _l("Ehrenamtliche und Spenderinnen und Spender")
VOLUNTEER_PURPOSE = _l("Hilfsangebote annehmen, prüfen und an Bedarfe von Organisationen vermitteln")

TABLES: dict[str, Activity] = {
    "people": Activity(
        title=_l("Personen"),
        purpose=VOLUNTEER_PURPOSE,
        subjects=VOLUNTEERS,
        basis=Basis.CONSENT,
        recipients=(Recipient.OFFICE, Recipient.ORGANISATIONS, Recipient.DEPARTMENTS),
        retention=Retention.PERSON,
        columns={
            "id": C.TECHNICAL,
            "public_id": C.TECHNICAL,
            "first_name": C.IDENTITY,
            "last_name": C.IDENTITY,
            "name_key": C.IDENTITY,
            "email": C.CONTACT,
            "email_normalised": C.CONTACT,
            "phone": C.CONTACT,
            "phone_e164": C.CONTACT,
            "locale": C.LANGUAGES,
            "other_languages": C.FREE_TEXT,
            "skills": C.FREE_TEXT,
            "concepts": C.ACTIVITY,
            "normalisation": C.FREE_TEXT,
            "travel_radius_km": C.ACTIVITY,
            "availability": C.ACTIVITY,
            "consent_version": C.CONSENT,
            "consent_at": C.CONSENT,
            "consent_channel": C.CONSENT,
            "confirmed_at": C.CONSENT,
            "alerts_enabled": C.CONSENT,
            "alerts_changed_at": C.CONSENT,
            "erased_at": C.TECHNICAL,
            **STAMPS,
            **PLACE,
            **PLACE_DERIVED,
        },
    ),
    "person_languages": Activity(
        title=_l("Sprachen einer Person"),
        purpose=VOLUNTEER_PURPOSE,
        subjects=VOLUNTEERS,
        basis=Basis.CONSENT,
        recipients=(Recipient.OFFICE, Recipient.ORGANISATIONS),
        retention=Retention.PERSON,
        columns={"person_id": C.TECHNICAL, "code": C.LANGUAGES},
    ),
    "offers": Activity(
        title=_l("Angebote"),
        purpose=VOLUNTEER_PURPOSE,
        subjects=VOLUNTEERS,
        basis=Basis.CONSENT,
        recipients=(Recipient.OFFICE, Recipient.ORGANISATIONS, Recipient.DEPARTMENTS),
        retention=Retention.PERSON,
        notes=(_l("Angaben zu Wohnraum und Flächen werden nach der Weitergabe an die Stadt gelöscht."),),
        columns={
            "id": C.TECHNICAL,
            "public_id": C.TECHNICAL,
            "person_id": C.TECHNICAL,
            "kind": C.ACTIVITY,
            "status": C.ACTIVITY,
            "source": C.ACTIVITY,
            "details": C.FREE_TEXT,
            "description": C.FREE_TEXT,
            "quantity": C.ACTIVITY,
            "available_from": C.ACTIVITY,
            "available_until": C.ACTIVITY,
            "external_ref": C.TECHNICAL,
            "search_text": C.IDENTITY,
            "concepts": C.ACTIVITY,
            "normalisation": C.FREE_TEXT,
            **STAMPS,
            **PLACE,
            **PLACE_DERIVED,
        },
    ),
    "offer_notes": Activity(
        title=_l("Notizen zu Angeboten"),
        purpose=_l("Absprachen mit der Person und Prüfungen festhalten"),
        subjects=VOLUNTEERS,
        basis=Basis.PUBLIC_TASK,
        recipients=(Recipient.OFFICE,),
        retention=Retention.WITH_PERSON,
        columns={"id": C.TECHNICAL, "offer_id": C.TECHNICAL, "author_id": C.TECHNICAL, "text": C.FREE_TEXT}
        | {"created_at": C.TECHNICAL},
    ),
    "offer_forwardings": Activity(
        title=_l("Weitergaben an die Stadt"),
        purpose=_l("Angebote von Wohnraum und Flächen an die zuständige Stelle der Stadt weitergeben"),
        subjects=VOLUNTEERS,
        basis=Basis.PUBLIC_TASK,
        recipients=(Recipient.OFFICE, Recipient.DEPARTMENTS),
        retention=Retention.FORWARDED,
        columns={
            "id": C.TECHNICAL,
            "offer_id": C.TECHNICAL,
            "department_key": C.ACTIVITY,
            "department_name": C.ACTIVITY,
            "department_email": C.ACTIVITY,
            "actor_id": C.TECHNICAL,
            "created_at": C.ACTIVITY,
            "details_deleted_at": C.TECHNICAL,
        },
    ),
    "matches": Activity(
        title=_l("Vermittlungen"),
        purpose=_l("Angebote und Bedarfe zusammenbringen und die Entscheidung dokumentieren"),
        subjects=VOLUNTEERS,
        basis=Basis.CONSENT,
        recipients=(Recipient.OFFICE, Recipient.ORGANISATIONS),
        retention=Retention.WITH_PERSON,
        columns={
            "id": C.TECHNICAL,
            "need_id": C.TECHNICAL,
            "offer_id": C.TECHNICAL,
            "status": C.ACTIVITY,
            "score": C.ACTIVITY,
            "reasons": C.ACTIVITY,
            "decided_by_id": C.TECHNICAL,
            "decided_at": C.ACTIVITY,
            "quantity": C.ACTIVITY,
            "origin": C.ACTIVITY,
            "note": C.FREE_TEXT,
            **STAMPS,
        },
    ),
    "match_feedback": Activity(
        title=_l("Rückmeldungen zu Vermittlungen"),
        purpose=_l("Fragen, ob eine Vermittlung geklappt hat, und das Verfahren verbessern"),
        subjects=_l("Ehrenamtliche und Ansprechpersonen von Organisationen"),
        basis=Basis.CONSENT,
        recipients=(Recipient.OFFICE,),
        retention=Retention.WITH_PERSON,
        columns={
            "id": C.TECHNICAL,
            "match_id": C.TECHNICAL,
            "side": C.ACTIVITY,
            "asked_at": C.ACTIVITY,
            "answer": C.ACTIVITY,
            "comment": C.FREE_TEXT,
            "answered_at": C.ACTIVITY,
        },
    ),
    "need_alerts": Activity(
        title=_l("Hinweise auf passende Bedarfe"),
        purpose=_l("Ehrenamtliche auf Wunsch über neue passende Bedarfe informieren"),
        subjects=VOLUNTEERS,
        basis=Basis.CONSENT,
        recipients=(Recipient.OFFICE,),
        retention=Retention.WITH_PERSON,
        columns={
            "id": C.TECHNICAL,
            "need_id": C.TECHNICAL,
            "person_id": C.TECHNICAL,
            "offer_id": C.TECHNICAL,
            "score": C.ACTIVITY,
            "created_at": C.ACTIVITY,
            "mail_id": C.TECHNICAL,
            "response": C.ACTIVITY,
            "responded_at": C.ACTIVITY,
        },
    ),
    "alert_mails": Activity(
        title=_l("Versandte Hinweis-E-Mails"),
        purpose=_l("Höchstzahl der Hinweis-E-Mails pro Woche einhalten"),
        subjects=VOLUNTEERS,
        basis=Basis.CONSENT,
        recipients=(Recipient.OFFICE,),
        retention=Retention.WITH_PERSON,
        columns={"id": C.TECHNICAL, "person_id": C.TECHNICAL, "created_at": C.ACTIVITY, "is_digest": C.TECHNICAL},
    ),
    "outbox_messages": Activity(
        title=_l("E-Mails"),
        purpose=_l("E-Mails zuverlässig zustellen und nachweisen, was wann gesendet wurde"),
        subjects=_l("Ehrenamtliche, Ansprechpersonen von Organisationen, Beschäftigte"),
        basis=Basis.CONSENT,
        recipients=(Recipient.OFFICE, Recipient.ORGANISATIONS, Recipient.DEPARTMENTS),
        retention=Retention.WITH_PERSON,
        columns={
            "id": C.TECHNICAL,
            "created_at": C.TECHNICAL,
            "recipient": C.CONTACT,
            "person_id": C.TECHNICAL,
            "template": C.TECHNICAL,
            "locale": C.LANGUAGES,
            "context": C.FREE_TEXT,
            "subject": C.FREE_TEXT,
            "body_text": C.FREE_TEXT,
            "body_html": C.FREE_TEXT,
            "status": C.TECHNICAL,
            "attempts": C.TECHNICAL,
            "next_attempt_at": C.TECHNICAL,
            "last_error": C.TECHNICAL,
            "sent_at": C.TECHNICAL,
        },
    ),
    "audit_events": Activity(
        title=_l("Prüfpfad"),
        purpose=_l("Nachweisen, wer wann was geändert hat (Rechenschaftspflicht, Art. 5 Abs. 2 DSGVO)"),
        subjects=_l("Ehrenamtliche und Beschäftigte"),
        basis=Basis.PUBLIC_TASK,
        recipients=(Recipient.OFFICE,),
        retention=Retention.WITH_PERSON,
        notes=(_l("Bei der Löschung einer Person werden die Werte ersetzt; Art und Zeit des Vorgangs bleiben."),),
        columns={
            "id": C.TECHNICAL,
            "created_at": C.TECHNICAL,
            "actor_id": C.TECHNICAL,
            "action": C.ACTIVITY,
            "object_type": C.TECHNICAL,
            "object_id": C.TECHNICAL,
            "changes": C.FREE_TEXT,
        },
    ),
    "users": Activity(
        title=_l("Konten der Beschäftigten und der Organisationen"),
        purpose=_l("Anmeldung und Rechte im internen Bereich"),
        subjects=_l("Beschäftigte der Stadt und Mitglieder von Organisationen"),
        basis=Basis.PUBLIC_TASK,
        recipients=(Recipient.OFFICE,),
        retention=Retention.ACCOUNT,
        columns={
            "id": C.TECHNICAL,
            "email": C.CONTACT,
            "display_name": C.IDENTITY,
            "password_hash": C.TECHNICAL,
            "role": C.ACTIVITY,
            "organisation_id": C.TECHNICAL,
            "locale": C.LANGUAGES,
            "is_active": C.TECHNICAL,
            "last_login_at": C.TECHNICAL,
            "session_epoch": C.TECHNICAL,
            "totp_secret": C.TECHNICAL,
            "totp_enabled_at": C.TECHNICAL,
            "totp_last_step": C.TECHNICAL,
            **STAMPS,
        },
    ),
    "organisations": Activity(
        title=_l("Organisationen"),
        purpose=_l("Bedarfe von Unterkünften und Unterstützerkreisen annehmen und Kontakt halten"),
        subjects=_l("Ansprechpersonen von Organisationen"),
        basis=Basis.PUBLIC_TASK,
        recipients=(Recipient.OFFICE,),
        retention=Retention.ACCOUNT,
        columns={
            "id": C.TECHNICAL,
            "public_id": C.TECHNICAL,
            "name": C.NONE,
            "kind": C.NONE,
            "contact_name": C.IDENTITY,
            "email": C.CONTACT,
            "phone": C.CONTACT,
            "is_active": C.TECHNICAL,
            **STAMPS,
            **{name: C.NONE for name in (*PLACE, *PLACE_DERIVED)},
        },
    ),
    "needs": Activity(
        title=_l("Bedarfe"),
        purpose=_l("Was Organisationen brauchen; ohne Angaben über Geflüchtete"),
        subjects=_l("keine"),
        columns={
            name: C.NONE
            for name in (
                "id",
                "public_id",
                "organisation_id",
                "kind",
                "title",
                "description",
                "required_languages",
                "helpful_languages",
                "skills",
                "quantity",
                "urgency",
                "status",
                "starts_on",
                "ends_on",
                "created_by_id",
                "external_ref",
                "concepts",
                "normalisation",
                "is_public",
                "published_at",
                *STAMPS,
                *PLACE,
                *PLACE_DERIVED,
            )
        },
    ),
    "help_concepts": Activity(
        title=_l("Begriffe für die Vermittlung"),
        purpose=_l("Freitexte einheitlich lesen"),
        subjects=_l("keine"),
        columns={
            name: C.NONE
            for name in (
                "id",
                "key",
                "group",
                "label_de",
                "label_en",
                "synonyms_de",
                "synonyms_en",
                "related",
                "referral_only",
                *STAMPS,
            )
        },
    ),
}


@dataclass
class Entry:
    """A table as the record shows it."""

    table: str
    activity: Activity
    groups: list[tuple[Category, list[str]]]
    retention: str
    recipients: list[str]


def unclassified_columns() -> list[str]:
    """``table.column`` of every column without a category, and of every category without its column."""
    problems = []
    tables = {table.name: table for table in db.metadata.sorted_tables}
    for name, table in tables.items():
        classified = TABLES.get(name).columns if name in TABLES else {}
        problems += [f"{name}.{column.name}" for column in table.columns if column.name not in classified]
        problems += [f"{name}.{column} (gone)" for column in classified if column not in table.columns]
    problems += [f"{name} (gone)" for name in TABLES if name not in tables]
    return problems


def retention_text(retention: Retention | None) -> str:
    config = current_app.config
    if retention is Retention.PERSON:
        return _l(
            "Anonymisiert %(months)d Monate nach der letzten Aktivität, ohne offenes Angebot und laufende "
            "Vermittlung; sofort bei Widerruf oder Löschung. Unbestätigte Eingaben nach %(days)d Tagen gelöscht.",
            months=config["RETENTION_MONTHS"],
            days=config["OPT_IN_DAYS"],
        )
    if retention is Retention.FORWARDED:
        return _l(
            "Adresse und Freitexte des Angebots %(months)d Monate nach der Weitergabe gelöscht.",
            months=config["FORWARDED_DETAILS_MONTHS"],
        )
    if retention is Retention.WITH_PERSON:
        return _l("Mit der Person anonymisiert oder gelöscht.")
    if retention is Retention.ACCOUNT:
        return _l("Solange das Konto oder die Organisation besteht; danach deaktiviert.")
    return "–"


def recipient_texts(activity: Activity, city) -> list[str]:
    texts = []
    for recipient in activity.recipients:
        if recipient is Recipient.OFFICE:
            texts.append(str(_l("Koordinierungsstelle: %(office)s", office=city.office.name)))
        elif recipient is Recipient.ORGANISATIONS:
            texts.append(str(_l("Die Organisation, an die vermittelt wird, erst nach Freigabe der Vermittlung")))
        elif recipient is Recipient.DEPARTMENTS:
            departments = ", ".join(department.name for department in city.departments) or "–"
            texts.append(str(_l("Zuständige Stellen der Stadt bei Weitergabe: %(names)s", names=departments)))
    return texts


def processing_record(city) -> list[Entry]:
    """Tables holding personal data first (in the order above), each with its columns by category."""
    entries = []
    for table in db.metadata.sorted_tables:
        activity = TABLES[table.name]
        groups = [
            (category, [column.name for column in table.columns if activity.columns[column.name] is category])
            for category in Category
        ]
        entries.append(
            Entry(
                table=table.name,
                activity=activity,
                groups=[(category, names) for category, names in groups if names],
                retention=str(retention_text(activity.retention)),
                recipients=recipient_texts(activity, city),
            )
        )
    order = list(TABLES)
    return sorted(entries, key=lambda entry: (not entry.activity.personal, order.index(entry.table)))
