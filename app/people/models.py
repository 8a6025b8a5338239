from __future__ import annotations

from datetime import datetime
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
)
from app.extensions import db
from app.places.models import LocationMixin

if TYPE_CHECKING:
    from app.offers.models import Offer


class Channel(StrEnum):
    """How something reached the office."""

    WEB = "web"
    PHONE = "phone"
    MAIL = "mail"
    IMPORT = "import"


class Person(PublicIdMixin, TimestampMixin, LocationMixin, db.Model):
    """A volunteer or donor, described once; offers hang off the person."""

    __tablename__ = "people"
    __table_args__ = (
        #: The hotline's duplicate check narrows by trigram similarity on PostgreSQL (migration 0005).
        trigram_index("ix_people_name_key_trgm", "name_key"),
        #: The matcher's index reloads the offers of persons changed since it last looked.
        sa.Index("ix_people_updated_at", "updated_at"),
        NEVER_REUSE_IDS,
    )
    __audited__ = True
    __audit_collections__ = {"languages": "code"}

    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str] = mapped_column(sa.String(100))
    last_name: Mapped[str] = mapped_column(sa.String(100))
    #: Folded full name (app.people.duplicates.fold_name) for the duplicate check, set on write.
    name_key: Mapped[str | None] = mapped_column(sa.String(210))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    #: Lower-cased address for duplicate checks; the typed one is kept as is.
    email_normalised: Mapped[str | None] = mapped_column(sa.String(254), index=True)
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    #: E.164 form (+495111234567) for duplicate checks.
    phone_e164: Mapped[str | None] = mapped_column(sa.String(20), index=True)
    #: Language the person reads the portal and our mails in.
    locale: Mapped[str] = mapped_column(sa.String(10), default="de")
    #: Languages beyond the picker, verbatim ("Kurmanci, etwas Dari").
    other_languages: Mapped[str | None] = mapped_column(sa.Text)
    #: Skills and experience, verbatim.
    skills: Mapped[str | None] = mapped_column(sa.Text)
    #: Help concepts (taxonomy keys) read from the skills text; they count for every offer.
    concepts: Mapped[list[str]] = mapped_column(JSONType, default=list)
    #: How other_languages and skills were read: field → resolutions (see app.normalisation.stored).
    normalisation: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    travel_radius_km: Mapped[int | None]
    #: Weekly grid, see app.people.availability.
    availability: Mapped[int] = mapped_column(default=0)
    #: Version of the privacy notice the person agreed to, when and how.
    consent_version: Mapped[str] = mapped_column(sa.String(20))
    consent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    consent_channel: Mapped[Channel] = mapped_column(enum_column(Channel))
    #: Set by the opt-in link (web) or at once (phone, mail); unconfirmed rows are purged.
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    #: Wants mail about new public needs that fit their offers (app.alerts); when they last said so.
    alerts_enabled: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    alerts_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Set when the person was anonymised (erasure, withdrawn consent, retention); the row stays for counts.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    languages: Mapped[list[PersonLanguage]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="PersonLanguage.code"
    )
    offers: Mapped[list[Offer]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="Offer.id"
    )

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def language_codes(self) -> list[str]:
        return [language.code for language in self.languages]


class PersonLanguage(db.Model):
    """A language the person speaks, as an ISO 639 code."""

    __tablename__ = "person_languages"

    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(8), primary_key=True, index=True)

    person: Mapped[Person] = relationship(back_populates="languages")
