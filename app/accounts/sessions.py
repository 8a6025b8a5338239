"""Logged-in sessions: started clean, ended after inactivity or at the latest after PERMANENT_SESSION_LIFETIME.

Flask re-signs the session cookie on every request, so its own lifetime
slides; the absolute bound is kept here with the login time in the session.
"""

from __future__ import annotations

import time

from flask import current_app, flash, redirect, request, session, url_for
from flask_babel import ngettext
from flask_login import login_user, logout_user

from app.accounts.models import User
from app.core.db import utcnow
from app.core.navigation import BACKOFFICE_PREFIX
from app.extensions import db, login_manager

ACTIVE_AT = "active_at"
STARTED_AT = "started_at"
#: What survives a login or logout: the language the visitor chose.
KEPT_KEYS = ("locale",)

login_manager.login_view = "accounts.login"
login_manager.login_message = None


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The account behind a session, unless deactivated or logged out everywhere since (``id.epoch``)."""
    user_id, _, epoch = session_id.partition(".")
    if not (user_id.isdigit() and epoch.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    return user if user and user.is_active and user.session_epoch == int(epoch) else None


def _fresh_session() -> None:
    # Nothing planted in the session before a login survives it (session fixation).
    kept = {key: session[key] for key in KEPT_KEYS if key in session}
    session.clear()
    session.update(kept)


def start_session(user: User) -> None:
    """Log ``user`` in: the login is complete (password, and code where one is set up)."""
    _fresh_session()
    user.last_login_at = utcnow()
    login_user(user)
    session.permanent = True
    session[STARTED_AT] = session[ACTIVE_AT] = int(time.time())


def end_session() -> None:
    logout_user()
    _fresh_session()


def expiry_message(now: int) -> str | None:
    """Why the current login is over, or ``None`` while it is still valid."""
    lifetime = current_app.config["PERMANENT_SESSION_LIFETIME"]
    if now - session.get(STARTED_AT, 0) > lifetime.total_seconds():
        hours = int(lifetime.total_seconds() // 3600)
        return ngettext(
            "Ihre Anmeldung endet nach %(num)d Stunde. Bitte melden Sie sich neu an.",
            "Ihre Anmeldung endet nach %(num)d Stunden. Bitte melden Sie sich neu an.",
            hours,
        )
    idle = current_app.config["SESSION_IDLE_MINUTES"]
    if now - session.get(ACTIVE_AT, 0) > idle * 60:
        return ngettext(
            "Sie wurden nach %(num)d Minute ohne Aktivität abgemeldet.",
            "Sie wurden nach %(num)d Minuten ohne Aktivität abgemeldet.",
            idle,
        )
    return None


def expire_inactive_session():
    """Before every request: end an idle or too old login; back-office pages then ask to log in again."""
    if request.endpoint == "static" or "_user_id" not in session:
        return None
    now = int(time.time())
    message = expiry_message(now)
    if message is None:
        session[ACTIVE_AT] = now
        return None
    end_session()
    if not request.path.startswith(BACKOFFICE_PREFIX):
        return None
    flash(message, "info")
    back_to = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("accounts.login", next=back_to))
