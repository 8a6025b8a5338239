from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import NEVER_REUSE_IDS, JSONType, PublicIdMixin, TimestampMixin, UTCDateTime, enum_column
from app.extensions import db
from app.offers.models import OfferKind
from app.places.models import LocationMixin

if TYPE_CHECKING:
    from app.matching.models import Match
    from app.organisations.models import Organisation


class Urgency(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"


class NeedStatus(StrEnum):
    OPEN = "open"
    PARTLY_FILLED = "partly_filled"
    FILLED = "filled"
    CLOSED = "closed"


class Need(PublicIdMixin, TimestampMixin, LocationMixin, db.Model):
    """Something an organisation asks for: people, skills, languages or items."""

    __tablename__ = "needs"
    __audited__ = True
    __table_args__ = (
        sa.CheckConstraint("quantity > 0", name="quantity_positive"),
        sa.Index("ix_needs_status_kind", "status", "kind"),
        #: The public board reads the public open needs only.
        sa.Index("ix_needs_public_status", "is_public", "status"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    kind: Mapped[OfferKind] = mapped_column(enum_column(OfferKind))
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str | None] = mapped_column(sa.Text)
    #: ISO 639 codes an offer must cover.
    required_languages: Mapped[list[str]] = mapped_column(JSONType, default=list)
    #: ISO 639 codes that help but are not required.
    helpful_languages: Mapped[list[str]] = mapped_column(JSONType, default=list)
    skills: Mapped[str | None] = mapped_column(sa.Text)
    #: How many people or items are needed.
    quantity: Mapped[int] = mapped_column(default=1)
    urgency: Mapped[Urgency] = mapped_column(enum_column(Urgency), default=Urgency.NORMAL)
    status: Mapped[NeedStatus] = mapped_column(enum_column(NeedStatus), default=NeedStatus.OPEN)
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    external_ref: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    #: Help concepts (taxonomy keys) read from title, skills and description.
    concepts: Mapped[list[str]] = mapped_column(JSONType, default=list)
    #: How each free text was read: field → resolutions with confidence (see app.normalisation.stored).
    normalisation: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)

    #: Shown on the public board (title, kind, Stadtbezirk, what is missing; never an address).
    is_public: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    #: When the need first went on the board: "since when", and the feed's order.
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship(back_populates="needs")
    matches: Mapped[list[Match]] = relationship(back_populates="need")
