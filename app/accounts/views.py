"""Staff and organisation login; the back office behind it grows per feature."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.accounts import second_factor, throttle
from app.accounts.blueprint import bp
from app.accounts.forms import LoginForm
from app.accounts.overview import overview_for
from app.accounts.services import authenticate
from app.accounts.sessions import end_session, expire_inactive_session, start_session
from app.accounts.vocabulary import ROLE_LABELS
from app.extensions import db
from app.offers.vocabulary import CHANNEL_LABELS

__all__ = ["bp"]

bp.before_app_request(expire_inactive_session)


def safe_next(target: str | None) -> str | None:
    """Only a path on this site, never another host (open redirect)."""
    if not target:
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc and target.startswith("/") else None


@bp.errorhandler(429)
def throttled(_error):
    """Same page for a busy client and a locked account, known or not (no account enumeration)."""
    return render_template("accounts/throttled.html"), 429


@bp.route("/anmelden", methods=["GET", "POST"])
@throttle.login_per_client
@throttle.failed_logins_per_account
def login():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.home"))
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("accounts/login.html", form=form), 422 if form.is_submitted() else 200
    user = authenticate(form.email.data, form.password.data)
    if user is None:
        throttle.note_failed_login()
        db.session.commit()  # the failed attempt stays in the account's trail
        form.password.errors.append(_("E-Mail-Adresse oder Passwort stimmen nicht."))
        return render_template("accounts/login.html", form=form), 422
    next_page = safe_next(request.args.get("next"))
    if user.has_second_factor:
        second_factor.begin_login(user, next_page)
        db.session.commit()
        return redirect(url_for("accounts.login_code"))
    start_session(user)
    db.session.commit()
    return redirect(next_page or url_for("accounts.home"))


@bp.post("/abmelden")
@login_required
def logout():
    end_session()
    flash(_("Sie sind abgemeldet."), "success")
    return redirect(url_for("public.index"))


@bp.get("/intern")
@login_required
def home():
    return render_template(
        "accounts/home.html",
        overview=overview_for(current_user),
        role_labels=ROLE_LABELS,
        channel_labels=CHANNEL_LABELS,
    )


# The blueprint's other pages and commands register themselves on ``bp`` when imported.
from app.accounts import admin_views, cli, password_views, second_factor_views  # noqa: E402, F401
