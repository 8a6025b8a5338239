from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import UTCDateTime, enum_column, utcnow
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
    subject: Mapped[str] = mapped_column(sa.String(255))
    body_text: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str | None] = mapped_column(sa.Text)
    #: Name of the template, so counts and failures can be read without bodies.
    template: Mapped[str] = mapped_column(sa.String(64))
    status: Mapped[OutboxStatus] = mapped_column(enum_column(OutboxStatus), default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Error class and SMTP code only: server texts may quote the address.
    last_error: Mapped[str | None] = mapped_column(sa.String(200))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
