"""Choosing a password: from an invitation or reset link, or when logged in."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from app.accounts import throttle
from app.accounts.blueprint import bp
from app.accounts.forms import ChangePasswordForm, ForgotPasswordForm, NewPasswordForm
from app.accounts.passwords import PasswordRejected
from app.accounts.services import (
    INVITATION,
    RESET,
    AccountError,
    LinkUsed,
    change_password,
    request_password_reset,
    set_password,
    user_for_token,
)
from app.accounts.sessions import start_session
from app.core.tokens import ExpiredToken, InvalidToken
from app.extensions import db


@bp.route("/passwort-vergessen", methods=["GET", "POST"])
@throttle.reset_per_client
@throttle.reset_per_account
def forgot_password():
    form = ForgotPasswordForm()
    if not form.validate_on_submit():
        return render_template("accounts/forgot_password.html", form=form), 422 if form.is_submitted() else 200
    request_password_reset(form.email.data)
    db.session.commit()
    # The same answer whether or not the address has an account.
    flash(
        ngettext(
            "Wenn es ein Konto mit dieser Adresse gibt, haben wir soeben eine E-Mail mit einem Link geschickt. Der Link gilt %(num)d Minute.",
            "Wenn es ein Konto mit dieser Adresse gibt, haben wir soeben eine E-Mail mit einem Link geschickt. Der Link gilt %(num)d Minuten.",
            current_app.config["PASSWORD_RESET_MINUTES"],
        ),
        "success",
    )
    return redirect(url_for("accounts.login"))


@bp.route("/passwort-neu/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    return _password_from_link(RESET, token)


@bp.route("/konto/einladung/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    return _password_from_link(INVITATION, token)


def _password_from_link(purpose: str, token: str):
    """Set the password of the link's account, then log it in; each link works once."""
    try:
        user = user_for_token(purpose, token)
    except ExpiredToken:
        return render_template("accounts/link_invalid.html", reason="expired", purpose=purpose), 410
    except LinkUsed:
        return render_template("accounts/link_invalid.html", reason="used", purpose=purpose), 410
    except InvalidToken:
        return render_template("accounts/link_invalid.html", reason="invalid", purpose=purpose), 404
    form = NewPasswordForm()
    page = {"form": form, "user": user, "purpose": purpose}
    if not form.validate_on_submit():
        return render_template("accounts/set_password.html", **page), 422 if form.is_submitted() else 200
    try:
        set_password(user, form.password.data)
    except PasswordRejected as rejected:
        form.password.errors.extend(rejected.problems)
        return render_template("accounts/set_password.html", **page), 422
    start_session(user)
    db.session.commit()
    flash(_("Ihr Passwort ist gespeichert. Sie sind angemeldet."), "success")
    return redirect(url_for("accounts.home"))


@bp.route("/intern/passwort", methods=["GET", "POST"], endpoint="change_password")
@login_required
@throttle.login_per_client
def change_own_password():
    form = ChangePasswordForm()
    if not form.validate_on_submit():
        return render_template("accounts/change_password.html", form=form), 422 if form.is_submitted() else 200
    user = current_user._get_current_object()
    try:
        change_password(user, form.current_password.data, form.password.data)
    except AccountError as error:
        form[error.field].errors.append(error.message)
        return render_template("accounts/change_password.html", form=form), 422
    except PasswordRejected as rejected:
        form.password.errors.extend(rejected.problems)
        return render_template("accounts/change_password.html", form=form), 422
    start_session(user)  # the other sessions ended with the old password; this one goes on
    db.session.commit()
    flash(_("Ihr Passwort ist geändert. Auf anderen Geräten sind Sie jetzt abgemeldet."), "success")
    return redirect(url_for("accounts.home"))
