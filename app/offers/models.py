from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import JSONType, PublicIdMixin, TimestampMixin, enum_column
from app.extensions import db
from app.people.models import Channel
from app.places.models import LocationMixin

if TYPE_CHECKING:
    from app.matching.models import Match
    from app.people.models import Person


class OfferKind(StrEnum):
    LANGUAGE_SUPPORT = "language_support"
    INTERPRETING = "interpreting"
    MENTORING = "mentoring"
    MINORS_SUPPORT = "minors_support"
    HOUSING = "housing"
    PREMISES = "premises"
    DONATION = "donation"
    OTHER = "other"


KIND_VALUES = frozenset(kind.value for kind in OfferKind)


class OfferStatus(StrEnum):
    UNCONFIRMED = "unconfirmed"  # waiting for the opt-in link
    NEW = "new"  # confirmed, in the office's queue
    VERIFIED = "verified"  # screened by a coordinator, available for matching
    ON_HOLD = "on_hold"
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"


class Offer(PublicIdMixin, TimestampMixin, LocationMixin, db.Model):
    """One kind of help one person offers.

    The location columns hold the offered place itself (housing, premises);
    for other kinds they stay empty and the person's home counts.
    """

    __tablename__ = "offers"
    __table_args__ = (
        sa.CheckConstraint("quantity IS NULL OR quantity > 0", name="quantity_positive"),
        sa.CheckConstraint(
            "available_until IS NULL OR available_from IS NULL OR available_until >= available_from",
            name="period_ordered",
        ),
        sa.Index("ix_offers_status_kind", "status", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id", ondelete="CASCADE"), index=True)
    kind: Mapped[OfferKind] = mapped_column(enum_column(OfferKind))
    status: Mapped[OfferStatus] = mapped_column(enum_column(OfferStatus), default=OfferStatus.UNCONFIRMED)
    source: Mapped[Channel] = mapped_column(enum_column(Channel))
    #: Kind-specific answers (see app.offers.kinds); free texts kept verbatim.
    details: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    #: The person's own words about this offer, verbatim.
    description: Mapped[str | None] = mapped_column(sa.Text)
    #: Persons housed, items given, children taught: what capacity means per kind.
    quantity: Mapped[int | None]
    available_from: Mapped[date | None]
    available_until: Mapped[date | None]
    #: Caller's own reference for offers brought in by import; unique when set.
    external_ref: Mapped[str | None] = mapped_column(sa.String(64), unique=True)

    person: Mapped[Person] = relationship(back_populates="offers")
    matches: Mapped[list[Match]] = relationship(back_populates="offer")

    @property
    def reference(self) -> str:
        """Short reference for the phone, e.g. ``HN-2026-00123``.

        Derived from the year and the row id, so it needs no counter and stays
        unique; staff read it out, it is not a secret.
        """
        return f"HN-{self.created_at.year}-{self.id:05d}"
