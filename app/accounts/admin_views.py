"""Account management for admins: the list, invitations, details, changes and (de)activation."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts import second_factor, services
from app.accounts.blueprint import bp
from app.accounts.forms import AccountForm, InviteForm, UserFilterForm
from app.accounts.models import Role, User
from app.accounts.permissions import ADMINISTRATION, roles_required
from app.accounts.services import AccountData, AccountError
from app.accounts.vocabulary import FIELD_LABELS, ROLE_LABELS, STATUS_LABELS, account_status
from app.core.trail import readable_history
from app.extensions import db


def _account_data(form: AccountForm | InviteForm) -> AccountData:
    return AccountData(
        display_name=form.display_name.data,
        role=Role(form.role.data),
        organisation=services.organisation_by_public_id(form.organisation.data),
    )


@bp.get("/intern/konten")
@roles_required(*ADMINISTRATION)
def users():
    filters = UserFilterForm(request.args)
    valid = filters.validate()
    accounts = services.list_users(filters.role.data, filters.status.data) if valid else []
    return render_template(
        "accounts/users.html",
        filters=filters,
        accounts=accounts,
        role_labels=ROLE_LABELS,
        status_labels=STATUS_LABELS,
        account_status=account_status,
    ), 200 if valid else 422


@bp.route("/intern/konten/einladen", methods=["GET", "POST"])
@roles_required(*ADMINISTRATION)
def invite():
    form = InviteForm()
    if not form.is_submitted():
        preselected = request.args.get("organisation")
        if preselected and preselected in {choice.value for choice in form.organisation.choices}:
            form.organisation.data, form.role.data = preselected, Role.ORG_MEMBER.value
        return render_template("accounts/invite.html", form=form)
    if form.validate():
        try:
            user = services.invite_user(form.email.data, form.locale.data, _account_data(form), current_user)
        except AccountError as error:
            form[error.field].errors.append(error.message)
        else:
            db.session.commit()
            flash(
                _("%(name)s ist eingeladen; die E-Mail mit dem Link ist unterwegs.", name=user.display_name), "success"
            )
            return redirect(url_for("accounts.user_detail", user_id=user.id))
    return render_template("accounts/invite.html", form=form), 422


def _detail_page(user: User, form: AccountForm, status: int = 200):
    return render_template(
        "accounts/user_detail.html",
        user=user,
        form=form,
        status=account_status(user),
        status_labels=STATUS_LABELS,
        role_labels=ROLE_LABELS,
        events=readable_history(user, {"role": ROLE_LABELS}),
        field_labels=FIELD_LABELS,
    ), status


@bp.get("/intern/konten/<int:user_id>")
@roles_required(*ADMINISTRATION)
def user_detail(user_id: int):
    user = db.get_or_404(User, user_id)
    return _detail_page(user, AccountForm.for_user(user))


@bp.post("/intern/konten/<int:user_id>/bearbeiten")
@roles_required(*ADMINISTRATION)
def user_edit(user_id: int):
    user = db.get_or_404(User, user_id)
    form = AccountForm.for_user(user)
    if form.validate():
        try:
            services.update_user(user, _account_data(form), by=current_user)
        except AccountError as error:
            form[error.field].errors.append(error.message)
        else:
            db.session.commit()
            flash(_("Die Änderungen sind gespeichert."), "success")
            return redirect(url_for("accounts.user_detail", user_id=user.id))
    return _detail_page(user, form, 422)


def _account_action(user_id: int, action: Callable[[User], None], done: str):
    """Run a button's action (CSRF is checked app-wide) and go back to the account's page."""
    user = db.get_or_404(User, user_id)
    try:
        action(user)
    except AccountError as error:
        flash(error.message, "info")
    else:
        db.session.commit()
        flash(done % {"name": user.display_name}, "success")
    return redirect(url_for("accounts.user_detail", user_id=user.id))


@bp.post("/intern/konten/<int:user_id>/deaktivieren")
@roles_required(*ADMINISTRATION)
def deactivate(user_id: int):
    return _account_action(
        user_id,
        lambda user: services.deactivate(user, by=current_user),
        _("%(name)s ist deaktiviert und auf allen Geräten abgemeldet."),
    )


@bp.post("/intern/konten/<int:user_id>/reaktivieren")
@roles_required(*ADMINISTRATION)
def reactivate(user_id: int):
    return _account_action(user_id, services.reactivate, _("%(name)s ist wieder aktiv."))


@bp.post("/intern/konten/<int:user_id>/einladung-erneut")
@roles_required(*ADMINISTRATION)
def resend_invitation(user_id: int):
    return _account_action(
        user_id,
        lambda user: services.resend_invitation(user, current_user),
        _("Die Einladung an %(name)s ist erneut unterwegs."),
    )


@bp.post("/intern/konten/<int:user_id>/zwei-faktor-zuruecksetzen")
@roles_required(*ADMINISTRATION)
def reset_second_factor(user_id: int):
    """Lost phone: the key goes, the account is logged out everywhere and sets up a new one."""
    return _account_action(
        user_id,
        lambda user: second_factor.reset(user, by=current_user),
        _("Der zweite Faktor von %(name)s ist zurückgesetzt; das Konto ist auf allen Geräten abgemeldet."),
    )
