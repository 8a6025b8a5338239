"""Back-office pages of persons: search, one person, edit, merge two into one.

Routes (under /intern/personen, coordinator and hotline only: they hold contact data):

- ``people.search``  GET, POST ``""``                             the query is POSTed, never in the URL
- ``people.detail``  GET ``/<public_id>``
- ``people.edit``    GET, POST ``/<public_id>/bearbeiten``
- ``people.merge``   GET, POST ``/<public_id>/zusammenfuehren``   pick, compare side by side, confirm
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from app.accounts.permissions import CONTACT_ROLES, roles_required
from app.extensions import db
from app.matching.models import Match
from app.matching.vocabulary import MATCH_STATUS_LABELS
from app.needs.models import Need
from app.offers.models import Offer
from app.offers.vocabulary import CHANNEL_LABELS
from app.people.display import consent_facts, person_facts, readable_trail, trail_labels
from app.people.forms import MergeConfirmForm, MergePickForm, PersonForm, SearchForm, grid_context
from app.people.models import Person
from app.people.services import (
    known_persons,
    merge_persons,
    person_by_reference,
    person_history,
    search_people,
    update_person,
)
from app.people.vocabulary import REASON_LABELS
from app.screening.vocabulary import STATUS_LABELS

bp = Blueprint("people", __name__, url_prefix="/intern/personen")


def _person_or_404(public_id: str, *options) -> Person:
    person = db.session.scalar(sa.select(Person).where(Person.public_id == public_id).options(*options))
    if person is None:
        abort(404)
    return person


@bp.route("", methods=["GET", "POST"])
@roles_required(*CONTACT_ROLES)
def search():
    form = SearchForm()
    results = None
    if form.validate_on_submit():
        results = search_people(form.query.data)
    status = 422 if form.is_submitted() and form.errors else 200
    return render_template("people/search.html", form=form, results=results, status_labels=STATUS_LABELS), status


@bp.get("/<public_id>")
@roles_required(*CONTACT_ROLES)
def detail(public_id: str):
    person = _person_or_404(
        public_id,
        selectinload(Person.languages),
        selectinload(Person.offers).selectinload(Offer.matches).joinedload(Match.need).joinedload(Need.organisation),
    )
    matches = [match for offer in person.offers for match in offer.matches]
    return render_template(
        "people/detail.html",
        person=person,
        facts=person_facts(person),
        consent=consent_facts(person),
        matches=matches,
        trail=readable_trail(person_history(person), person),
        trail_labels=trail_labels(),
        status_labels=STATUS_LABELS,
        match_status_labels=MATCH_STATUS_LABELS,
        channel_labels=CHANNEL_LABELS,
    )


@bp.route("/<public_id>/bearbeiten", methods=["GET", "POST"])
@roles_required(*CONTACT_ROLES)
def edit(public_id: str):
    person = _person_or_404(public_id, selectinload(Person.languages))
    form = PersonForm.for_person(person)
    if form.validate_on_submit():
        update_person(person, form.to_person_data())
        db.session.commit()
        flash(_("Die Angaben sind gespeichert."), "success")
        return redirect(url_for(".detail", public_id=public_id), 303)
    status = 422 if form.is_submitted() else 200
    return render_template("people/edit.html", form=form, person=person, **grid_context()), status


@bp.route("/<public_id>/zusammenfuehren", methods=["GET", "POST"])
@roles_required(*CONTACT_ROLES)
def merge(public_id: str):
    person = _person_or_404(public_id, selectinload(Person.offers))
    if request.method == "POST" and "other" in request.form:
        return _confirm_merge(person)
    known = known_persons(person.full_name, person.phone, person.email, exclude=person)
    form = MergePickForm()
    form.candidate.choices = [(known_person.person.public_id, known_person.person.full_name) for known_person in known]
    if form.validate_on_submit():
        other = _other_person(form, person)
        if other is not None:
            return _compare(person, other)
    status = 422 if form.is_submitted() else 200
    return render_template(
        "people/merge.html", form=form, person=person, known=known, reason_labels=REASON_LABELS
    ), status


def _other_person(form: MergePickForm, person: Person) -> Person | None:
    other = person_by_reference(form.chosen)
    if other is None:
        form.reference.errors.append(_("Zu dieser Nummer gibt es keine Person. Bitte prüfen Sie die Eingabe."))
    elif other.id == person.id:
        form.reference.errors.append(_("Das ist diese Person selbst. Bitte wählen Sie eine andere."))
    else:
        return other
    return None


def _compare(person: Person, other: Person):
    rows = [
        (label, mine, theirs)
        for (label, mine), (_label, theirs) in zip(person_facts(person), person_facts(other), strict=True)
    ]
    confirm = MergeConfirmForm(other=other.public_id)
    return render_template(
        "people/merge_confirm.html",
        person=person,
        other=other,
        rows=rows,
        form=confirm,
        status_labels=STATUS_LABELS,
    )


def _confirm_merge(person: Person):
    form = MergeConfirmForm()
    other = person_by_reference(form.other.data) if form.validate_on_submit() else None
    if other is None or other.id == person.id:
        # A stale page (the other person was merged meanwhile) or an expired form: choose again.
        flash(_("Bitte wählen Sie die andere Person noch einmal."), "info")
        return redirect(url_for(".merge", public_id=person.public_id), 303)
    merge_persons(person, other)
    db.session.commit()
    # No names in the flash message: it travels in the session cookie.
    flash(_("Die beiden Personen sind zusammengeführt."), "success")
    return redirect(url_for(".detail", public_id=person.public_id), 303)
