"""Back-office pages of organisations: the admin manages them, coordinators read them.

An organisation member sees only their own organisation; any other id is a 404.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.accounts.models import Role
from app.accounts.permissions import roles_required
from app.core.forms import BaseForm
from app.core.trail import readable_history
from app.extensions import db
from app.needs.services import needs_of
from app.needs.vocabulary import STATUS_LABELS, URGENCY_LABELS
from app.organisations import services
from app.organisations.forms import OrganisationFilterForm, OrganisationForm
from app.organisations.vocabulary import FIELD_LABELS, KIND_LABELS, VALUE_LABELS

bp = Blueprint("organisations", __name__, url_prefix="/intern/organisationen")

#: Roles that may open needs (and so get links to them).
NEED_READERS = (Role.COORDINATOR, Role.ORG_MEMBER)


@bp.get("")
@roles_required(Role.ADMIN, Role.COORDINATOR, Role.ORG_MEMBER)
def index():
    # A member has exactly one organisation: the list would be a list of one.
    if current_user.has_role(Role.ORG_MEMBER):
        return redirect(url_for(".detail", public_id=current_user.organisation.public_id))
    form = OrganisationFilterForm(request.args)
    rows = services.list_organisations(**form.query_filters())
    return render_template("organisations/index.html", form=form, rows=rows, org_kind_labels=KIND_LABELS)


@bp.route("/neu", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new():
    form = OrganisationForm()
    if form.validate_on_submit():
        organisation = services.create_organisation(form.to_data())
        public_id = organisation.public_id
        db.session.commit()
        flash(_("Die Organisation ist angelegt."), "success")
        return redirect(url_for(".detail", public_id=public_id))
    return render_template("organisations/form.html", form=form, organisation=None), 422 if form.errors else 200


@bp.get("/<public_id>")
@roles_required(Role.ADMIN, Role.COORDINATOR, Role.ORG_MEMBER)
def detail(public_id: str):
    organisation = services.get_organisation_for(current_user, public_id)
    return render_template(
        "organisations/detail.html",
        organisation=organisation,
        members=services.members_of(organisation),
        needs=needs_of(organisation),
        events=readable_history(organisation, VALUE_LABELS),
        field_labels=FIELD_LABELS,
        org_kind_labels=KIND_LABELS,
        status_labels=STATUS_LABELS,
        urgency_labels=URGENCY_LABELS,
        links_to_needs=current_user.has_role(*NEED_READERS),
        button_form=BaseForm(),
    )


@bp.route("/<public_id>/bearbeiten", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit(public_id: str):
    organisation = services.get_organisation_for(current_user, public_id)
    form = OrganisationForm(organisation=organisation)
    if form.validate_on_submit():
        services.update_organisation(organisation, form.to_data())
        db.session.commit()
        flash(_("Die Änderungen sind gespeichert."), "success")
        return redirect(url_for(".detail", public_id=public_id))
    status = 422 if form.errors else 200
    return render_template("organisations/form.html", form=form, organisation=organisation), status


@bp.post("/<public_id>/deaktivieren")
@roles_required(Role.ADMIN)
def deactivate(public_id: str):
    organisation = services.get_organisation_for(current_user, public_id)
    accounts = services.deactivate_organisation(organisation)
    db.session.commit()
    flash(
        ngettext(
            "Die Organisation ist deaktiviert; %(num)d Konto wurde gesperrt.",
            "Die Organisation ist deaktiviert; %(num)d Konten wurden gesperrt.",
            accounts,
        ),
        "success",
    )
    return redirect(url_for(".detail", public_id=public_id))


@bp.post("/<public_id>/reaktivieren")
@roles_required(Role.ADMIN)
def reactivate(public_id: str):
    organisation = services.get_organisation_for(current_user, public_id)
    services.reactivate_organisation(organisation)
    db.session.commit()
    flash(_("Die Organisation ist wieder aktiv. Gesperrte Konten schalten Sie bei Bedarf einzeln frei."), "success")
    return redirect(url_for(".detail", public_id=public_id))
