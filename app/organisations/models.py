from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import NEVER_REUSE_IDS, PublicIdMixin, TimestampMixin, enum_column
from app.extensions import db
from app.places.models import LocationMixin

if TYPE_CHECKING:
    from app.accounts.models import User
    from app.needs.models import Need


class OrganisationKind(StrEnum):
    SHARED_HOUSING = "shared_housing"  # Gemeinschaftsunterkunft
    EMERGENCY_SHELTER = "emergency_shelter"  # Notunterkunft
    HOUSING_PROJECT = "housing_project"  # Wohnprojekt
    NEIGHBOURHOOD_NETWORK = "neighbourhood_network"  # Unterstützerkreis
    OTHER = "other"


class Organisation(PublicIdMixin, TimestampMixin, LocationMixin, db.Model):
    __tablename__ = "organisations"
    __table_args__ = (NEVER_REUSE_IDS,)
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    kind: Mapped[OrganisationKind] = mapped_column(enum_column(OrganisationKind))
    #: The person to ask there, e.g. the shelter's social worker.
    contact_name: Mapped[str | None] = mapped_column(sa.String(120))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    is_active: Mapped[bool] = mapped_column(default=True)

    members: Mapped[list[User]] = relationship(back_populates="organisation")
    needs: Mapped[list[Need]] = relationship(back_populates="organisation")
