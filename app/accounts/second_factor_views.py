"""The second factor's pages: the code step of a login, one's own setup and switching off, an admin's reset."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.accounts import second_factor, throttle
from app.accounts.blueprint import bp
from app.accounts.forms import CodeForm, DisableSecondFactorForm
from app.accounts.services import AccountError
from app.accounts.sessions import start_session
from app.core.audit import record
from app.extensions import db

#: What an account that must set up its second factor may still open.
SETUP_ENDPOINTS = frozenset({"static", "accounts.logout", "accounts.second_factor"})


@bp.before_app_request
def require_second_factor():
    """An account whose role requires a second factor sets it up before any other page."""
    if request.endpoint in SETUP_ENDPOINTS or not current_user.is_authenticated:
        return None
    if not second_factor.needs_setup(current_user):
        return None
    flash(_("Für Ihre Rolle ist ein zweiter Faktor vorgeschrieben. Bitte richten Sie ihn jetzt ein."), "info")
    return redirect(url_for("accounts.second_factor"))


@bp.route("/anmelden/code", methods=["GET", "POST"])
@throttle.login_per_client
@throttle.failed_logins_per_account
def login_code():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.home"))
    pending = second_factor.pending_login(second_factor.current_time())
    if pending is None:
        flash(_("Die Anmeldung ist abgelaufen. Bitte melden Sie sich noch einmal mit Ihrem Passwort an."), "info")
        return redirect(url_for("accounts.login"))
    user, next_page = pending
    form = CodeForm()
    if not form.validate_on_submit():
        return render_template("accounts/login_code.html", form=form), 422 if form.is_submitted() else 200
    if not second_factor.verify_code(user, form.code.data, second_factor.current_time()):
        throttle.note_failed_login()
        record("login_code_failed", user)
        db.session.commit()  # the failed attempt stays in the account's trail
        form.code.errors.append(
            _("Der Code stimmt nicht oder wurde schon verwendet. Bitte warten Sie auf den nächsten Code.")
        )
        return render_template("accounts/login_code.html", form=form), 422
    start_session(user)
    db.session.commit()
    return redirect(next_page or url_for("accounts.home"))


def _own_page(form: CodeForm | DisableSecondFactorForm, status: int = 200):
    user = current_user._get_current_object()
    page = {"form": form, "required": second_factor.is_required(user)}
    if not user.has_second_factor:
        secret = second_factor.begin_setup(user)
        db.session.commit()  # the key shown stays the same when the page is opened again
        page |= {"key": second_factor.grouped_key(secret), "qr_code": second_factor.qr_code_data_uri(user)}
    return render_template("accounts/second_factor.html", **page), status


@bp.route("/intern/zwei-faktor", methods=["GET", "POST"], endpoint="second_factor")
@login_required
@throttle.login_per_client
def own_second_factor():
    """Set up (QR code and key, confirmed with a code) or, once active, the page to switch it off."""
    user = current_user._get_current_object()
    if user.has_second_factor:
        if request.method == "POST":
            return redirect(url_for("accounts.second_factor"))
        return _own_page(DisableSecondFactorForm())
    form = CodeForm()
    if not form.validate_on_submit():
        return _own_page(form, 422 if form.is_submitted() else 200)
    try:
        second_factor.enable(user, form.code.data, second_factor.current_time())
    except AccountError as error:
        form.code.errors.append(error.message)
        return _own_page(form, 422)
    user.end_sessions()  # a login made before, perhaps by someone else, needed no code: it ends
    start_session(user)
    db.session.commit()
    flash(_("Der zweite Faktor ist eingerichtet. Ab jetzt fragen wir bei der Anmeldung nach dem Code."), "success")
    return redirect(url_for("accounts.home"))


@bp.post("/intern/zwei-faktor/ausschalten")
@login_required
@throttle.login_per_client
@throttle.failed_logins_per_account
def disable_second_factor():
    user = current_user._get_current_object()
    if not user.has_second_factor or second_factor.is_required(user):
        return redirect(url_for("accounts.second_factor"))  # the page says why there is nothing to switch off
    form = DisableSecondFactorForm()
    if not form.validate_on_submit():
        return _own_page(form, 422)
    try:
        second_factor.disable(user, form.password.data, form.code.data, second_factor.current_time())
    except AccountError as error:
        throttle.note_failed_login()
        form[error.field].errors.append(error.message)
        return _own_page(form, 422)
    db.session.commit()
    flash(_("Der zweite Faktor ist ausgeschaltet. Die Anmeldung braucht jetzt nur noch das Passwort."), "success")
    return redirect(url_for("accounts.home"))
