from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import JSONType, UTCDateTime, enum_column, utcnow
from app.extensions import db


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    #: The server refused it for good (unknown mailbox); kept for staff to see.
    FAILED = "failed"


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"
    __table_args__ = (sa.Index("ix_outbox_messages_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recipient: Mapped[str] = mapped_column(sa.String(254))
    #: The person the mail is about, so that purge and erasure take it along.
    person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id", ondelete="CASCADE"), index=True)
    #: ``email/<template>.txt`` and ``.html``; the name also lets staff count mails without reading them.
    template: Mapped[str] = mapped_column(sa.String(64))
    #: Language the recipient reads.
    locale: Mapped[str] = mapped_column(sa.String(10))
    #: What the template needs, stored with the data it belongs to (same transaction).
    context: Mapped[dict] = mapped_column(JSONType, default=dict)
    #: Rendered on delivery, then kept as the record of what was sent.
    subject: Mapped[str | None] = mapped_column(sa.String(255))
    body_text: Mapped[str | None] = mapped_column(sa.Text)
    body_html: Mapped[str | None] = mapped_column(sa.Text)
    status: Mapped[OutboxStatus] = mapped_column(enum_column(OutboxStatus), default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Error class and SMTP code only: server texts may quote the address.
    last_error: Mapped[str | None] = mapped_column(sa.String(200))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
