"""Data protection pages: a person's data export and erasure (staff), withdrawing consent (public), the record of processing.

Routes:

- ``privacy.person_export``     GET ``/intern/personen/<public_id>/auskunft``  (``?format=json`` downloads)  coordinator
- ``privacy.erase_person``      GET, POST ``/intern/personen/<public_id>/loeschen``                          coordinator
- ``privacy.processing_record`` GET ``/intern/datenschutz/verarbeitungen``                           admin, coordinator
- ``privacy.withdraw``          GET, POST ``/einwilligung-widerrufen/<token>``                                 public

A GET never changes anything (mail scanners fetch links); erasure and withdrawal are a POST.
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.models import Role
from app.accounts.permissions import COORDINATION, roles_required
from app.core.audit import record
from app.core.forms import BaseForm
from app.core.tokens import InvalidToken
from app.extensions import db
from app.people.models import Person
from app.people.vocabulary import FIELD_LABELS as PERSON_LABELS
from app.privacy import processing, services
from app.screening.vocabulary import FIELD_LABELS as OFFER_LABELS

bp = Blueprint("privacy", __name__)


def _person_or_404(public_id: str) -> Person:
    person = db.session.scalar(sa.select(Person).where(Person.public_id == public_id))
    if person is None:
        abort(404)
    return person


@bp.get("/intern/personen/<public_id>/auskunft")
@roles_required(*COORDINATION)
def person_export(public_id: str):
    person = _person_or_404(public_id)
    data = services.person_data(person)
    as_json = request.args.get("format") == "json"
    # What was handed out is recorded; which data it held is not repeated in the trail.
    record("data_exported", person, format="json" if as_json else "html")
    db.session.commit()
    if as_json:
        body = json.dumps(data, ensure_ascii=False, indent=2)
        return Response(
            body,
            mimetype="application/json",
            headers={
                "Content-Disposition": f'attachment; filename="auskunft-{person.public_id}.json"',
                "Cache-Control": "no-store",
            },
        )
    response = current_app.make_response(
        render_template(
            "privacy/person_export.html",
            person=person,
            data=data,
            person_labels=PERSON_LABELS,
            offer_labels=OFFER_LABELS,
        )
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/intern/personen/<public_id>/loeschen", methods=["GET", "POST"])
@roles_required(*COORDINATION)
def erase_person(public_id: str):
    person = _person_or_404(public_id)
    form = BaseForm()
    if person.erased_at is None and form.validate_on_submit():
        services.erase_person(person, actor=_current_user())
        db.session.commit()
        # No name in the flash message: it travels in the session cookie.
        flash(_("Die Angaben der Person sind gelöscht. Die Zahlen für Berichte bleiben erhalten."), "success")
        return redirect(url_for("people.detail", public_id=public_id), 303)
    return render_template("privacy/erase_person.html", person=person, form=form)


def _current_user():
    return current_user._get_current_object()


@bp.get("/intern/datenschutz/verarbeitungen")
@roles_required(Role.ADMIN, *COORDINATION)
def processing_record():
    city = current_app.extensions["helfernetz.city"]
    return render_template(
        "privacy/processing_record.html",
        entries=processing.processing_record(city),
        category_labels=processing.CATEGORY_LABELS,
        basis_labels=processing.BASIS_LABELS,
    )


@bp.route("/einwilligung-widerrufen/<token>", methods=["GET", "POST"])
def withdraw(token: str):
    try:
        person = services.person_for_withdrawal(token)
    except InvalidToken:
        abort(404)
    if person.erased_at is not None:
        return render_template("privacy/withdrawn.html", first_time=False)
    form = BaseForm()
    if form.validate_on_submit():
        services.erase_person(person, actor=None)
        db.session.commit()
        return render_template("privacy/withdrawn.html", first_time=True)
    return render_template("privacy/withdraw.html", form=form)
