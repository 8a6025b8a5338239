from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import NEVER_REUSE_IDS, UTCDateTime, enum_column, utcnow
from app.extensions import db

if TYPE_CHECKING:
    from app.matching.models import Match


class FeedbackSide(StrEnum):
    VOLUNTEER = "volunteer"
    ORGANISATION = "organisation"


class FeedbackAnswer(StrEnum):
    YES = "yes"
    NOT_YET = "not_yet"
    NO = "no"


class MatchFeedback(db.Model):
    """The question "Did it work?" to one side of a match, and the answer (once)."""

    __tablename__ = "match_feedback"
    __table_args__ = (sa.UniqueConstraint("match_id", "side"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(sa.ForeignKey("matches.id", ondelete="CASCADE"), index=True)
    side: Mapped[FeedbackSide] = mapped_column(enum_column(FeedbackSide))
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answer: Mapped[FeedbackAnswer | None] = mapped_column(enum_column(FeedbackAnswer))
    #: Free text of the answer; erased with the person (app.privacy).
    comment: Mapped[str | None] = mapped_column(sa.Text)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    match: Mapped[Match] = relationship()
