"""The outbox's backlog for monitoring (``flask outbox status``): counts only, never an address."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

import sqlalchemy as sa

from app.core.db import utcnow
from app.extensions import db
from app.outbox.models import OutboxMessage, OutboxStatus


@dataclass(frozen=True)
class OutboxStatusReport:
    pending: int
    #: Pending and due now: what a running sender would pick up at once.
    due: int
    #: Pending after at least one failed attempt (the mail server refused or was away).
    retrying: int
    sent: int
    #: Refused for good; staff should look at these.
    failed: int
    #: Age of the oldest pending mail; a growing figure means no sender runs or the server is away.
    oldest_pending_minutes: int | None

    def as_dict(self) -> dict:
        return asdict(self)


def outbox_status(now: datetime | None = None) -> OutboxStatusReport:
    now = now or utcnow()
    pending = OutboxMessage.status == OutboxStatus.PENDING
    row = db.session.execute(
        sa.select(
            sa.func.count().filter(pending),
            sa.func.count().filter(pending, OutboxMessage.next_attempt_at <= now),
            sa.func.count().filter(pending, OutboxMessage.attempts > 0),
            sa.func.count().filter(OutboxMessage.status == OutboxStatus.SENT),
            sa.func.count().filter(OutboxMessage.status == OutboxStatus.FAILED),
            sa.func.min(OutboxMessage.created_at).filter(pending),
        )
    ).one()
    oldest = row[5]
    return OutboxStatusReport(
        pending=row[0],
        due=row[1],
        retrying=row[2],
        sent=row[3],
        failed=row[4],
        oldest_pending_minutes=int((now - oldest).total_seconds() // 60) if oldest else None,
    )
