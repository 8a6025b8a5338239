from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import NEVER_REUSE_IDS, UTCDateTime, enum_column, utcnow
from app.extensions import db

if TYPE_CHECKING:
    from app.needs.models import Need
    from app.offers.models import Offer
    from app.people.models import Person


class AlertResponse(StrEnum):
    CAN_HELP = "can_help"
    NOT_THIS_TIME = "not_this_time"


class AlertMail(db.Model):
    """One mail of alerts sent to a person: the weekly cap counts these."""

    __tablename__ = "alert_mails"
    __table_args__ = (sa.Index("ix_alert_mails_person_created", "person_id", "created_at"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Several needs in one mail (the digest), or one urgent need at once.
    is_digest: Mapped[bool] = mapped_column(default=False)


class NeedAlert(db.Model):
    """A person chosen to hear of a need: waiting for the digest, mailed, and what they answered."""

    __tablename__ = "need_alerts"
    __table_args__ = (
        sa.UniqueConstraint("need_id", "person_id"),
        #: The digest looks for the alerts of a person not mailed yet.
        sa.Index("ix_need_alerts_person_mail", "person_id", "mail_id"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(sa.ForeignKey("needs.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id", ondelete="CASCADE"))
    #: The person's offer that fits best; an answer "I can help" proposes it for the need.
    offer_id: Mapped[int] = mapped_column(sa.ForeignKey("offers.id", ondelete="CASCADE"), index=True)
    score: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    mail_id: Mapped[int | None] = mapped_column(sa.ForeignKey("alert_mails.id", ondelete="SET NULL"), index=True)
    response: Mapped[AlertResponse | None] = mapped_column(enum_column(AlertResponse))
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    need: Mapped[Need] = relationship()
    person: Mapped[Person] = relationship()
    offer: Mapped[Offer] = relationship()
    mail: Mapped[AlertMail | None] = relationship()
