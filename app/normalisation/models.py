"""The taxonomy of help concepts, kept in the database so admins can edit it."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import NEVER_REUSE_IDS, JSONType, TimestampMixin
from app.extensions import db


class HelpConcept(TimestampMixin, db.Model):
    """One concept: its stable key, labels and synonyms (see data/concepts.toml for the fields)."""

    __tablename__ = "help_concepts"
    __table_args__ = (NEVER_REUSE_IDS,)
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    #: What offers and needs store; never renamed (add a concept and move the synonyms instead).
    key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    group: Mapped[str] = mapped_column(sa.String(32))
    label_de: Mapped[str] = mapped_column(sa.String(120))
    label_en: Mapped[str] = mapped_column(sa.String(120))
    synonyms_de: Mapped[list[str]] = mapped_column(JSONType, default=list)
    synonyms_en: Mapped[list[str]] = mapped_column(JSONType, default=list)
    #: Keys of related concepts; symmetric, so listing one direction is enough.
    related: Mapped[list[str]] = mapped_column(JSONType, default=list)
    #: Volunteers may only pass people on to professionals (legal advice: RDG).
    referral_only: Mapped[bool] = mapped_column(default=False)

    def as_record(self) -> dict[str, Any]:
        """The record ``Taxonomy.from_records`` reads."""
        return {
            "group": self.group,
            "de": self.label_de,
            "en": self.label_en,
            "synonyms_de": list(self.synonyms_de),
            "synonyms_en": list(self.synonyms_en),
            "related": list(self.related),
            "referral_only": self.referral_only,
        }
