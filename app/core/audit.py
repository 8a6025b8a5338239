"""Audit trail: who changed what, when, with old and new values.

Every insert, update and delete of a model marked ``__audited__ = True`` is
recorded by a flush hook, so no view or service can forget it; services add
events of their own with :func:`record` (a note, a forwarding, a merge).
Events are only ever inserted: the ORM refuses to change or delete one.
"""

from __future__ import annotations

import enum
import re
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from flask import has_request_context
from flask_babel import format_date, format_datetime
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from app.core.db import JSONType, UTCDateTime, utcnow
from app.extensions import db

#: Bookkeeping columns derived from others; their changes say nothing new.
IGNORED_COLUMNS = frozenset(
    {
        "created_at",
        "updated_at",
        "name_key",
        "email_normalised",
        "phone_e164",
        "lat",
        "lon",
        "borough",
        "search_text",
        "normalisation",
        # The second factor's key and bookkeeping: its own events (second_factor_*) tell the story.
        "totp_secret",
        "totp_enabled_at",
        "totp_last_step",
    }
)
REDACTED = "***"
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?)?$")


class AuditEvent(db.Model):
    __tablename__ = "audit_events"
    __table_args__ = (sa.Index("ix_audit_events_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: The staff account that acted; ``None`` for citizens and the system.
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(sa.String(64))
    object_type: Mapped[str] = mapped_column(sa.String(64))
    object_id: Mapped[int]
    #: ``{field: [old, new]}`` for edits, free details for other actions.
    changes: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)

    actor = relationship("User", lazy="joined")


def current_actor_id() -> int | None:
    """The logged-in staff account, if this runs inside one's request."""
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user.id
    return None


def record(action: str, obj: Any, actor: Any = None, **changes: Any) -> AuditEvent:
    """Add an event for ``obj`` (flushed before, so it has an id); the actor defaults to the logged-in user."""
    event = AuditEvent(
        action=action,
        object_type=obj.__tablename__,
        object_id=obj.id,
        actor_id=actor.id if actor is not None else current_actor_id(),
        changes=to_json(changes),
    )
    db.session.add(event)
    return event


def history(obj: Any, object_ids: list[int] | None = None) -> list[AuditEvent]:
    """Events of ``obj`` (and of further ids of the same type, e.g. merged persons), newest first."""
    ids = object_ids or [obj.id]
    return db.session.scalars(
        sa.select(AuditEvent)
        .where(AuditEvent.object_type == obj.__tablename__, AuditEvent.object_id.in_(ids))
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    ).all()


def to_json(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: to_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_json(item) for item in value]
    return value


def _column_changes(obj: Any) -> dict[str, list[Any]]:
    state = sa.inspect(obj)
    redacted = getattr(obj, "__audit_redacted__", frozenset())
    changes = {}
    for attr in state.mapper.column_attrs:
        if attr.key in IGNORED_COLUMNS:
            continue
        hist = state.attrs[attr.key].history
        if not hist.has_changes():
            continue
        old = hist.deleted[0] if hist.deleted else None
        new = hist.added[0] if hist.added else None
        if old == new:
            continue
        changes[attr.key] = [REDACTED, REDACTED] if attr.key in redacted else [to_json(old), to_json(new)]
    return changes


def _collection_changes(obj: Any) -> dict[str, list[Any]]:
    """Changes of collections named in ``__audit_collections__`` ({relationship: attribute to show})."""
    state = sa.inspect(obj)
    changes = {}
    for key, shown in getattr(obj, "__audit_collections__", {}).items():
        hist = state.attrs[key].history
        if hist.added or hist.deleted:
            old = sorted(getattr(item, shown) for item in [*hist.unchanged, *hist.deleted])
            new = sorted(getattr(item, shown) for item in [*hist.unchanged, *hist.added])
            if old != new:
                changes[key] = [old, new]
    return changes


def _events_for_flush(session: Session) -> list[dict[str, Any]]:
    actor_id = current_actor_id()
    rows = []

    def add(action: str, obj: Any, changes: dict) -> None:
        rows.append(
            {
                "action": action,
                "object_type": obj.__tablename__,
                "object_id": obj.id,
                "actor_id": actor_id,
                "changes": changes,
                "created_at": utcnow(),
            }
        )

    for obj in session.new:
        if getattr(obj, "__audited__", False):
            add("created", obj, {})
    for obj in session.dirty:
        if getattr(obj, "__audited__", False) and session.is_modified(obj, include_collections=True):
            changes = {**_column_changes(obj), **_collection_changes(obj)}
            if changes:
                add("updated", obj, changes)
    for obj in session.deleted:
        if getattr(obj, "__audited__", False):
            add("deleted", obj, {})
    return rows


def _keep_old_value(target, value, oldvalue, initiator):
    return value


@sa.event.listens_for(sa.orm.Mapper, "mapper_configured")
def _load_old_values_on_set(mapper, cls) -> None:
    # Without active history, setting an attribute that was expired (after a
    # commit) records no old value; the trail must show what it replaced.
    if getattr(cls, "__audited__", False):
        for attr in mapper.column_attrs:
            if attr.key not in IGNORED_COLUMNS:
                sa.event.listen(getattr(cls, attr.key), "set", _keep_old_value, active_history=True, retval=True)


@sa.event.listens_for(Session, "before_flush")
def _refuse_audit_edits(session: Session, _context, _instances) -> None:
    for obj in [*session.dirty, *session.deleted]:
        if isinstance(obj, AuditEvent) and (obj in session.deleted or session.is_modified(obj)):
            raise PermissionError("audit events cannot be changed or deleted")


@sa.event.listens_for(Session, "after_flush")
def _record_changes(session: Session, _context) -> None:
    # History is still readable here; written with Core so the flush is not re-entered.
    rows = _events_for_flush(session)
    if rows:
        session.connection().execute(sa.insert(AuditEvent.__table__), rows)


ACTION_LABELS = {
    "created": _l("Angelegt"),
    "updated": _l("Geändert"),
    "deleted": _l("Gelöscht"),
    "note_added": _l("Notiz"),
    "forwarded": _l("Weitergeleitet"),
    "person_merged": _l("Person zusammengeführt"),
    "invited": _l("Eingeladen"),
    "password_reset_requested": _l("Neues Passwort angefordert"),
    "password_set": _l("Passwort gesetzt"),
    "login_failed": _l("Anmeldung mit falschem Passwort"),
    "login_code_failed": _l("Anmeldung mit falschem Code (zweiter Faktor)"),
    "second_factor_enabled": _l("Zweiten Faktor eingerichtet"),
    "second_factor_disabled": _l("Zweiten Faktor ausgeschaltet"),
    "second_factor_reset": _l("Zweiten Faktor zurückgesetzt und auf allen Geräten abgemeldet"),
    "invitation_resent": _l("Einladung erneut gesendet"),
    "posted_on_behalf": _l("Im Auftrag der Organisation eingetragen"),
    "normalisation_corrected": _l("Lesart korrigiert"),
    "contacts_sent": _l("Kontaktdaten per E-Mail weitergegeben"),
    "exported": _l("Liste heruntergeladen"),
    "report_exported": _l("Bericht heruntergeladen"),
    "data_exported": _l("Auskunft über die gespeicherten Daten erteilt"),
    "person_erased": _l("Personenbezogene Daten gelöscht (anonymisiert)"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def display_value(value: Any) -> str:
    """An old or new value as staff read it in the trail."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return str(_l("ja") if value else _l("nein"))
    if isinstance(value, list):
        return ", ".join(display_value(item) for item in value)
    if isinstance(value, str) and ISO_DATE.match(value):
        # Dates and times are stored as ISO text (to_json); staff read them in their locale.
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:  # typed text that only looks like a date ("2026-02-30")
            return value
        return format_datetime(moment, "short") if "T" in value else format_date(moment.date())
    return str(value)
