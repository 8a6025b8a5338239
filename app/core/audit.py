"""Audit trail: who changed what, when; written by services, never edited."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import JSONType, UTCDateTime, utcnow
from app.extensions import db


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


def record(action: str, obj: Any, actor: Any = None, **changes: Any) -> AuditEvent:
    """Add an audit event for ``obj`` (flushed before, so it has an id)."""
    event = AuditEvent(
        action=action,
        object_type=obj.__tablename__,
        object_id=obj.id,
        actor_id=getattr(actor, "id", None),
        changes=changes,
    )
    db.session.add(event)
    return event
