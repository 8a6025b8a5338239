"""Account operations for views and the command line: they flush and audit, never commit."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash

from app.accounts.models import Role, User
from app.accounts.passwords import check_password_policy
from app.core.audit import record
from app.core.tokens import InvalidToken, make_token, read_token
from app.extensions import db
from app.organisations.models import Organisation
from app.outbox.services import enqueue

INVITATION = "account-invitation"
RESET = "password-reset"


class AccountError(ValueError):
    """A request the rules refuse; ``field`` names the form field the message belongs to."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class LinkUsed(InvalidToken):
    """A genuine link whose password has been set since: each link works once."""


def normalise_email(address: str) -> str:
    return address.strip().lower()


def user_by_email(address: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(address)))


@cache
def _decoy_hash(method: str) -> str:
    return generate_password_hash("no account has this password", method=method)


def authenticate(email: str, password: str) -> User | None:
    """The active account with this address and password, else ``None``.

    Unknown, invited and deactivated accounts cost one hash as well, so the
    answer time does not tell whether an address has an account. A wrong
    password for a real account goes into its audit trail (no IP address).
    """
    user = user_by_email(email)
    if user is None or not user.is_active or user.is_invited:
        check_password_hash(_decoy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
        return None
    if not user.check_password(password):
        record("login_failed", user)
        return None
    return user


# Mail links ---------------------------------------------------------------


def password_fingerprint(user: User) -> str:
    """Changes whenever the password is set, so a link made before stops working."""
    if user.password_hash is None:
        return "none"
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def account_token(purpose: str, user: User) -> str:
    return make_token(purpose, f"{user.id}:{password_fingerprint(user)}")


def link_lifetime(purpose: str) -> int:
    """Seconds a link of this purpose stays valid."""
    if purpose == INVITATION:
        return current_app.config["INVITATION_DAYS"] * 86400
    return current_app.config["PASSWORD_RESET_MINUTES"] * 60


def user_for_token(purpose: str, token: str) -> User:
    """The account a mail link was made for.

    :raise ExpiredToken: the link is older than its lifetime.
    :raise LinkUsed: the password was set after the link was made.
    :raise InvalidToken: altered, for another purpose, or the account is gone or deactivated.
    """
    user_id, _sep, fingerprint = read_token(purpose, token, link_lifetime(purpose)).partition(":")
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    if user is None or not user.is_active:
        raise InvalidToken
    if fingerprint != password_fingerprint(user):
        raise LinkUsed
    return user


def _queue_invitation(user: User, invited_by: User | None) -> None:
    enqueue(
        user.email,
        "account_invitation",
        user.locale,
        name=user.display_name,
        invited_by=invited_by.display_name if invited_by else None,
        organisation=user.organisation.name if user.organisation else None,
        accept_url=url_for("accounts.accept_invitation", token=account_token(INVITATION, user), _external=True),
        days=current_app.config["INVITATION_DAYS"],
    )


def request_password_reset(email: str) -> None:
    """Mail a reset link if an active account has this address; say nothing either way."""
    user = user_by_email(email)
    if user is None or not user.is_active:
        return
    enqueue(
        user.email,
        "account_password_reset",
        user.locale,
        name=user.display_name,
        reset_url=url_for("accounts.reset_password", token=account_token(RESET, user), _external=True),
        minutes=current_app.config["PASSWORD_RESET_MINUTES"],
    )
    record("password_reset_requested", user)


# Passwords ----------------------------------------------------------------


def set_password(user: User, password: str) -> None:
    """Check the policy, store the hash and log the account out everywhere else.

    :raise PasswordRejected: with the reasons to show.
    """
    check_password_policy(password, user.email, user.display_name)
    user.set_password(password)
    user.end_sessions()
    record("password_set", user)


def change_password(user: User, current: str, new: str) -> None:
    """:raise AccountError: the current password is wrong. :raise PasswordRejected: see set_password."""
    if not user.check_password(current):
        raise AccountError("current_password", _("Das bisherige Passwort stimmt nicht."))
    set_password(user, new)


# Administration -----------------------------------------------------------


@dataclass
class AccountData:
    display_name: str
    role: Role
    #: Required for organisation members, ignored for staff.
    organisation: Organisation | None = None


def list_users(role: str | None = None, status: str | None = None) -> list[User]:
    """Accounts by name, optionally of one role and one status (see ``vocabulary.STATUS_LABELS``)."""
    query = sa.select(User).options(sa.orm.joinedload(User.organisation))
    if role:
        query = query.where(User.role == Role(role))
    if status == "inactive":
        query = query.where(sa.not_(User.is_active))
    elif status in {"active", "invited"}:
        has_password = User.password_hash.is_not(None) if status == "active" else User.password_hash.is_(None)
        query = query.where(User.is_active, has_password)
    return list(db.session.scalars(query.order_by(sa.func.lower(User.display_name), User.id)))


def selectable_organisations(current: Organisation | None = None) -> list[Organisation]:
    """Active organisations by name, plus the account's own if that has been deactivated since."""
    query = sa.select(Organisation).order_by(Organisation.name)
    condition = Organisation.is_active
    if current is not None:
        condition = sa.or_(condition, Organisation.id == current.id)
    return list(db.session.scalars(query.where(condition)))


def organisation_by_public_id(public_id: str | None) -> Organisation | None:
    if not public_id:
        return None
    return db.session.scalar(sa.select(Organisation).where(Organisation.public_id == public_id))


def _organisation_for(data: AccountData) -> Organisation | None:
    if data.role != Role.ORG_MEMBER:
        return None  # staff belong to no organisation
    if data.organisation is None:
        raise AccountError("organisation", _("Bitte wählen Sie die Organisation, zu der das Konto gehört."))
    return data.organisation


def invite_user(email: str, locale: str, data: AccountData, invited_by: User | None) -> User:
    """Create an account without password and mail the invitation link.

    :raise AccountError: the address has an account already, or an organisation is missing.
    """
    if user_by_email(email) is not None:
        raise AccountError("email", _("Für diese E-Mail-Adresse gibt es schon ein Konto."))
    user = User(
        email=normalise_email(email),
        display_name=data.display_name,
        role=data.role,
        organisation=_organisation_for(data),
        locale=locale,
    )
    db.session.add(user)
    db.session.flush()
    record("invited", user)
    _queue_invitation(user, invited_by)
    return user


def resend_invitation(user: User, invited_by: User | None) -> None:
    """:raise AccountError: the account has a password already or is deactivated."""
    if not (user.is_invited and user.is_active):
        raise AccountError("user", _("Nur offene Einladungen aktiver Konten können erneut gesendet werden."))
    _queue_invitation(user, invited_by)
    record("invitation_resent", user)


def update_user(user: User, data: AccountData, by: User) -> None:
    """Change name, role and organisation; a new role or organisation logs the account out everywhere.

    :raise AccountError: an admin demoting themself, or an organisation member without organisation.
    """
    if user.id == by.id and data.role != Role.ADMIN:
        raise AccountError(
            "role",
            _(
                "Sie können Ihre eigene Rolle nicht ändern. Bitten Sie eine andere Administratorin oder einen anderen Administrator."
            ),
        )
    organisation = _organisation_for(data)
    if data.role != user.role or organisation is not user.organisation:
        user.end_sessions()  # the old rights end now, not at the next login
    user.display_name = data.display_name
    user.role = data.role
    user.organisation = organisation


def deactivate(user: User, by: User) -> None:
    """Lock the account and end its sessions at once (its next request is anonymous).

    :raise AccountError: an admin deactivating themself.
    """
    if user.id == by.id:
        raise AccountError("user", _("Sie können Ihr eigenes Konto nicht deaktivieren."))
    user.is_active = False
    user.end_sessions()


def reactivate(user: User) -> None:
    user.is_active = True


def create_admin(email: str, display_name: str, password: str) -> User:
    """The first admin of a new instance (``flask accounts create-admin``).

    :raise AccountError: the address has an account already. :raise PasswordRejected: see set_password.
    """
    if user_by_email(email) is not None:
        raise AccountError("email", _("Für diese E-Mail-Adresse gibt es schon ein Konto."))
    user = User(email=normalise_email(email), display_name=display_name, role=Role.ADMIN, locale="de")
    check_password_policy(password, user.email, display_name)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user
