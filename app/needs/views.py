"""Back-office pages of needs: members post their organisation's, coordinators all.

Admin and hotline have no business with needs (least privilege). Every
object is looked up through ``needs_for(current_user)``, so a foreign id is a 404.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.models import Role
from app.accounts.permissions import may_see_contact_data, roles_required
from app.alerts.services import alerts_of
from app.alerts.vocabulary import ALERT_RESPONSE_LABELS
from app.board.services import board_entry, waiting_pledges
from app.core.forms import BaseForm
from app.core.trail import readable_history
from app.extensions import db
from app.matching.vocabulary import MATCH_ORIGIN_LABELS, MATCH_STATUS_LABELS
from app.needs import services
from app.needs.forms import NeedFilterForm, NeedForm, OwnNeedForm
from app.needs.models import Need
from app.needs.vocabulary import (
    FIELD_LABELS,
    STATUS_ACTIONS,
    STATUS_LABELS,
    URGENCY_LABELS,
    VALUE_LABELS,
)
from app.organisations.services import get_organisation_for
from app.people.models import Channel

bp = Blueprint("needs", __name__, url_prefix="/intern/bedarfe")

NEED_ROLES = (Role.COORDINATOR, Role.ORG_MEMBER)

LABELS = {"status_labels": STATUS_LABELS, "urgency_labels": URGENCY_LABELS}


def on_behalf() -> bool:
    """Staff post for an organisation; a member posts for their own."""
    return current_user.has_role(Role.COORDINATOR)


@bp.get("")
@roles_required(*NEED_ROLES)
def index():
    form = NeedFilterForm(request.args, choose_organisation=on_behalf())
    filters = form.filters()
    page = services.page_of_needs(current_user, filters, request.args.get("seite", 1, type=int))
    return render_template("needs/index.html", form=form, page=page, filters=filters, **LABELS)


@bp.route("/neu", methods=["GET", "POST"])
@roles_required(*NEED_ROLES)
def new():
    # Staff coming from an organisation's page find it chosen already.
    form = NeedForm(organisation=request.args.get("organisation")) if on_behalf() else OwnNeedForm()
    if form.validate_on_submit():
        need = _post(form)
        public_id = need.public_id
        db.session.commit()
        flash(_("Der Bedarf ist eingetragen."), "success")
        return redirect(url_for(".detail", public_id=public_id))
    return render_template("needs/form.html", form=form, need=None), 422 if form.errors else 200


def _post(form: NeedForm) -> Need:
    if on_behalf():
        organisation = get_organisation_for(current_user, form.organisation.data)
        return services.create_need(organisation, form.to_data(), current_user, Channel(form.channel.data))
    return services.create_need(current_user.organisation, form.to_data(), current_user)


@bp.get("/<public_id>")
@roles_required(*NEED_ROLES)
def detail(public_id: str):
    need = services.get_need_for(current_user, public_id)
    return _detail_page(need)


def _detail_page(need: Need, status_error: str | None = None):
    coordinator = current_user.has_role(Role.COORDINATOR)
    return render_template(
        "needs/detail.html",
        need=need,
        coverage=board_entry(need).coverage,
        pledges=waiting_pledges(need),
        # Organisation members learn how many pledges wait, not who made them (least privilege).
        alerts=alerts_of(need) if coordinator else None,
        match_origin_labels=MATCH_ORIGIN_LABELS,
        alert_response_labels=ALERT_RESPONSE_LABELS,
        matches=services.volunteers_for(need),
        show_contact=may_see_contact_data(),
        match_status_labels=MATCH_STATUS_LABELS,
        next_statuses=services.TRANSITIONS[need.status],
        status_actions=STATUS_ACTIONS,
        status_error=status_error,
        button_form=BaseForm(),
        events=readable_history(need, VALUE_LABELS),
        field_labels=FIELD_LABELS,
        **LABELS,
    )


@bp.route("/<public_id>/bearbeiten", methods=["GET", "POST"])
@roles_required(*NEED_ROLES)
def edit(public_id: str):
    need = services.get_need_for(current_user, public_id)
    form = OwnNeedForm(need=need)
    if form.validate_on_submit():
        services.update_need(need, form.to_data())
        db.session.commit()
        flash(_("Die Änderungen sind gespeichert."), "success")
        return redirect(url_for(".detail", public_id=public_id))
    return render_template("needs/form.html", form=form, need=need), 422 if form.errors else 200


@bp.post("/<public_id>/status")
@roles_required(*NEED_ROLES)
def status(public_id: str):
    need = services.get_need_for(current_user, public_id)
    try:
        services.change_status(need, request.form.get("status", ""))
    except services.StatusChangeRefused as refused:
        return _detail_page(need, status_error=str(refused)), 422
    db.session.commit()
    flash(_("Der Status ist jetzt „%(status)s“.", status=STATUS_LABELS[need.status]), "success")
    return redirect(url_for(".detail", public_id=public_id))
