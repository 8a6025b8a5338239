from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import (
    NEVER_REUSE_IDS,
    JSONType,
    PublicIdMixin,
    TimestampMixin,
    UTCDateTime,
    enum_column,
    trigram_index,
    utcnow,
)
from app.extensions import db
from app.people.models import Channel
from app.places.models import LocationMixin

if TYPE_CHECKING:
    from app.accounts.models import User
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
        #: The screening queue pages by (created_at, id) within a status.
        sa.Index("ix_offers_status_created", "status", "created_at", "id"),
        #: The matcher's in-process index reloads what changed since it last looked.
        sa.Index("ix_offers_updated_at", "updated_at"),
        #: Substring search on PostgreSQL (pg_trgm); SQLite scans, which is fine at its sizes.
        trigram_index("ix_offers_search_text_trgm", "search_text"),
        NEVER_REUSE_IDS,
    )
    __audited__ = True

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
    #: Folded words staff search for (reference, name, free texts); kept by app.offers.search.
    search_text: Mapped[str | None] = mapped_column(sa.Text)
    #: Help concepts (taxonomy keys) read from the ticked options and the free texts.
    concepts: Mapped[list[str]] = mapped_column(JSONType, default=list)
    #: How each free text was read: field → resolutions with confidence (see app.normalisation.stored).
    normalisation: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)

    person: Mapped[Person] = relationship(back_populates="offers")
    matches: Mapped[list[Match]] = relationship(back_populates="offer")
    notes: Mapped[list[OfferNote]] = relationship(
        back_populates="offer", cascade="all, delete-orphan", order_by="OfferNote.id"
    )
    forwardings: Mapped[list[OfferForwarding]] = relationship(
        back_populates="offer", cascade="all, delete-orphan", order_by="OfferForwarding.id"
    )

    @property
    def reference(self) -> str:
        """Short reference for the phone, e.g. ``HN-2026-00123``.

        Derived from the year and the row id, so it needs no counter and stays
        unique; staff read it out, it is not a secret.
        """
        return f"HN-{self.created_at.year}-{self.id:05d}"


class OfferNote(db.Model):
    """A coordinator's or hotline note on an offer; added, never edited."""

    __tablename__ = "offer_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(sa.ForeignKey("offers.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    offer: Mapped[Offer] = relationship(back_populates="notes")
    author: Mapped[User | None] = relationship()


class OfferForwarding(db.Model):
    """A housing or premises offer sent on to the city department responsible for it."""

    __tablename__ = "offer_forwardings"

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(sa.ForeignKey("offers.id", ondelete="CASCADE"), index=True)
    #: The department's key, name and address as they were when it went (city.toml may change).
    department_key: Mapped[str] = mapped_column(sa.String(64))
    department_name: Mapped[str] = mapped_column(sa.String(200))
    department_email: Mapped[str] = mapped_column(sa.String(254))
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: When retention deleted the forwarded place's details (address, free texts) from the offer.
    details_deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    offer: Mapped[Offer] = relationship(back_populates="forwardings")
    actor: Mapped[User | None] = relationship()
