from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask import current_app
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app.core.db import NEVER_REUSE_IDS, TimestampMixin, UTCDateTime, enum_column
from app.extensions import db

if TYPE_CHECKING:
    from app.organisations.models import Organisation


class Role(StrEnum):
    ADMIN = "admin"
    COORDINATOR = "coordinator"
    HOTLINE = "hotline"
    ORG_MEMBER = "org_member"


class User(UserMixin, TimestampMixin, db.Model):
    """A login for office staff or a member of one organisation."""

    __tablename__ = "users"
    __table_args__ = (
        #: Organisation members belong to exactly one organisation; staff to none.
        sa.CheckConstraint(
            "(role = 'org_member') = (organisation_id IS NOT NULL)",
            name="org_member_has_organisation",
        ),
        NEVER_REUSE_IDS,
    )
    __audited__ = True
    #: Never written to the audit trail, not even as a hash.
    __audit_redacted__ = frozenset({"password_hash", "totp_secret"})

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(120))
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role))
    organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    locale: Mapped[str] = mapped_column(sa.String(10), default="de")
    #: Deactivated accounts cannot log in; rows stay for the audit trail.
    is_active: Mapped[bool] = mapped_column(default=True)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Part of the session's user id: raising it ends every open session of this account.
    session_epoch: Mapped[int] = mapped_column(default=0)
    #: Second factor (app.accounts.second_factor): the TOTP key in base32, stored when setup begins; it only
    #: counts once confirmed with a code (``totp_enabled_at``).
    totp_secret: Mapped[str | None] = mapped_column(sa.String(64))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The last 30-second time-step whose code was accepted: a code works once (RFC 6238, section 5.2).
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger)

    organisation: Mapped[Organisation | None] = relationship(back_populates="members")

    def get_id(self) -> str:
        return f"{self.id}.{self.session_epoch}"

    def end_sessions(self) -> None:
        """Log this account out everywhere (password changed, deactivated, role changed)."""
        self.session_epoch += 1

    @property
    def is_invited(self) -> bool:
        """Invited, but no password chosen yet: the account cannot be used to log in."""
        return self.password_hash is None

    def set_password(self, password: str) -> None:
        """Hash without checking the policy; ``app.accounts.services.set_password`` checks it."""
        self.password_hash = generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    @property
    def has_second_factor(self) -> bool:
        """A confirmed TOTP key: logging in takes a code after the password."""
        return self.totp_enabled_at is not None

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles
