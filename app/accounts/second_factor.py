"""The second factor for staff: TOTP codes from an authenticator app (RFC 6238), required for some roles.

Codes are checked against an explicit time (``at``) so tests can pin it; the
views take it from :func:`current_time`. A code is accepted for the current
30-second step and one step either side (clock drift), and each step only
once per account. Between password and code the login waits in the signed
session as the account's session id and a timestamp, nothing personal.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pyotp
import segno
import sqlalchemy as sa
from flask import current_app, session
from flask_babel import gettext as _

from app.accounts.models import User
from app.accounts.services import AccountError
from app.accounts.sessions import load_user
from app.core.audit import record
from app.core.db import utcnow
from app.extensions import db

#: Steps either side of the current one whose code still counts (pyotp's ``valid_window``).
VALID_WINDOW = 1
PENDING = "second_factor_pending"


def current_time() -> float:
    """Seconds since the epoch for checking codes; tests replace it to pin the time."""
    return time.time()


def is_required(user: User) -> bool:
    """Whether this account's role must log in with a code (``SECOND_FACTOR_ROLES``)."""
    return user.role.value in current_app.config["SECOND_FACTOR_ROLES"]


def needs_setup(user: User) -> bool:
    return is_required(user) and not user.has_second_factor


# Keys and codes ---------------------------------------------------------------


def issuer() -> str:
    """The name authenticator apps list the key under: the city's portal."""
    return f"Helfernetz {current_app.extensions['helfernetz.city'].name}"


def provisioning_uri(user: User) -> str:
    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.email, issuer_name=issuer())


def qr_code_data_uri(user: User) -> str:
    """The key as a QR code in an SVG ``data:`` URI (the CSP allows data images, no inline styles)."""
    return segno.make(provisioning_uri(user), error="m").svg_data_uri(scale=5, border=4, dark="#000", light="#fff")


def grouped_key(secret: str) -> str:
    """The key in groups of four, for typing it into an app by hand."""
    return " ".join(secret[index : index + 4] for index in range(0, len(secret), 4))


def matching_step(secret: str, code: str, at: float) -> int | None:
    """The time-step whose code ``code`` is, within the window around ``at``, else ``None``."""
    totp = pyotp.TOTP(secret)
    current = totp.timecode(datetime.fromtimestamp(at, UTC))
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if pyotp.utils.strings_equal(totp.generate_otp(step), code):
            return step
    return None


def _claim_step(user: User, step: int) -> bool:
    """Mark ``step`` as used unless it or a later one was: a code works once.

    One guarded UPDATE, so of two requests with the same code only one wins,
    and the step stays out of the audit trail.
    """
    claimed = db.session.execute(
        sa.update(User)
        .where(User.id == user.id, sa.or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step)
    )
    return claimed.rowcount == 1


def verify_code(user: User, code: str, at: float) -> bool:
    """Whether ``code`` is a fresh code of the user's key at time ``at`` (and use it up)."""
    if not user.totp_secret:
        return False
    step = matching_step(user.totp_secret, code.strip(), at)
    return step is not None and _claim_step(user, step)


# Setting up, switching off, resetting ----------------------------------------------


def begin_setup(user: User) -> str:
    """The key being set up, made on the first visit and kept until confirmed (a scanned key stays valid)."""
    if user.totp_secret is None:
        user.totp_secret = pyotp.random_base32()
        user.totp_enabled_at = user.totp_last_step = None
    return user.totp_secret


def enable(user: User, code: str, at: float) -> None:
    """Confirm the key with a code from the app; from now on logins ask for a code.

    :raise AccountError: no key being set up, or the code is wrong.
    """
    if user.has_second_factor or user.totp_secret is None:
        raise AccountError("code", _("Es wird gerade kein zweiter Faktor eingerichtet."))
    if not verify_code(user, code, at):
        raise AccountError("code", _("Der Code stimmt nicht. Bitte geben Sie den aktuellen Code aus der App ein."))
    user.totp_enabled_at = utcnow()
    record("second_factor_enabled", user)


def _forget(user: User) -> None:
    user.totp_secret = user.totp_enabled_at = user.totp_last_step = None


def disable(user: User, password: str, code: str, at: float) -> None:
    """Switch the second factor off with the password and a current code.

    :raise AccountError: the role requires it, or the password or code is wrong.
    """
    if is_required(user):
        raise AccountError("code", _("Für Ihre Rolle ist die Anmeldung mit zweitem Faktor vorgeschrieben."))
    if not user.check_password(password):
        raise AccountError("password", _("Das Passwort stimmt nicht."))
    if not verify_code(user, code, at):
        raise AccountError("code", _("Der Code stimmt nicht. Bitte geben Sie den aktuellen Code aus der App ein."))
    _forget(user)
    record("second_factor_disabled", user)


def reset(user: User, by: User) -> None:
    """An admin removes someone's key (phone lost) and logs them out everywhere; they set it up anew.

    :raise AccountError: the admin's own key, or the account has none.
    """
    if user.id == by.id:
        raise AccountError(
            "user",
            _(
                "Ihren eigenen zweiten Faktor kann nur eine andere Administratorin oder ein anderer Administrator zurücksetzen."
            ),
        )
    if user.totp_secret is None:
        raise AccountError("user", _("%(name)s hat keinen zweiten Faktor eingerichtet.", name=user.display_name))
    _forget(user)
    user.end_sessions()
    record("second_factor_reset", user)


# The login between password and code ------------------------------------------------


def begin_login(user: User, next_page: str | None) -> None:
    """The password was right: remember the login (no personal data) until the code comes."""
    session[PENDING] = {"account": user.get_id(), "since": int(current_time()), "next": next_page}


def pending_account() -> User | None:
    """The account whose login waits for its code, however old (for the throttle's key)."""
    pending = session.get(PENDING)
    return load_user(pending["account"]) if isinstance(pending, dict) else None


def pending_login(at: float) -> tuple[User, str | None] | None:
    """The account waiting for its code and where to go then; ``None`` (and forgotten) once expired.

    A password change or deactivation since also ends it (the session id holds the epoch).
    """
    pending = session.get(PENDING)
    if not isinstance(pending, dict):
        return None
    user = load_user(pending["account"])
    if user is None or at - pending["since"] > current_app.config["SECOND_FACTOR_PENDING_MINUTES"] * 60:
        session.pop(PENDING, None)
        return None
    return user, pending.get("next")
