from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import NEVER_REUSE_IDS, JSONType, TimestampMixin, UTCDateTime, enum_column
from app.extensions import db

if TYPE_CHECKING:
    from app.needs.models import Need
    from app.offers.models import Offer


class MatchStatus(StrEnum):
    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"
    CONTACTED = "contacted"
    ACTIVE = "active"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class MatchOrigin(StrEnum):
    """Who brought the pair together."""

    STAFF = "staff"  # a coordinator proposed it
    PLEDGE = "pledge"  # a citizen pledged from the public board
    ALERT = "alert"  # a volunteer answered "I can help" to an alert


class Match(TimestampMixin, db.Model):
    """An offer proposed for a need, and what the coordinators decided."""

    __tablename__ = "matches"
    __audited__ = True
    __table_args__ = (
        sa.UniqueConstraint("need_id", "offer_id"),
        sa.CheckConstraint("quantity > 0", name="quantity_positive"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(sa.ForeignKey("needs.id"), index=True)
    offer_id: Mapped[int] = mapped_column(sa.ForeignKey("offers.id"), index=True)
    status: Mapped[MatchStatus] = mapped_column(enum_column(MatchStatus), default=MatchStatus.PROPOSED)
    #: Score 0-100 when the pair was proposed, and the reasons shown to staff.
    score: Mapped[float | None]
    reasons: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Units of the need this match fills (people, items); counted against both sides' capacity.
    quantity: Mapped[int] = mapped_column(default=1, server_default="1")
    origin: Mapped[MatchOrigin] = mapped_column(
        enum_column(MatchOrigin), default=MatchOrigin.STAFF, server_default=MatchOrigin.STAFF.value
    )
    #: Why a match was rejected or cancelled.
    note: Mapped[str | None] = mapped_column(sa.Text)

    need: Mapped[Need] = relationship(back_populates="matches")
    offer: Mapped[Offer] = relationship(back_populates="matches")
