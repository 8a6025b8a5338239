"""The taxonomy of help concepts for admins, and staff correcting what a text was read as.

Routes (all under /intern):

- ``normalisation.concepts``        GET ``/admin/begriffe``                 admin, coordinator (reads)
- ``normalisation.new_concept``     GET, POST ``/admin/begriffe/neu``       admin
- ``normalisation.edit_concept``    GET, POST ``/admin/begriffe/<key>``     admin
- ``normalisation.correct_person``  POST ``/normalisierung/personen/<public_id>/<field>/<position>``  coordinator, hotline
- ``normalisation.correct_offer``   POST ``/normalisierung/angebote/<public_id>/<field>/<position>``  coordinator, hotline
- ``normalisation.correct_need``    POST ``/normalisierung/bedarfe/<public_id>/<field>/<position>``   coordinator
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SelectChoice

from app.accounts.models import Role
from app.accounts.permissions import ADMINISTRATION, CONTACT_ROLES, COORDINATION, roles_required
from app.core.forms import options
from app.core.i18n import current_locale_code, language_name
from app.extensions import db
from app.needs.models import Need
from app.normalisation import stored, taxonomy_store
from app.normalisation.concepts import Concept, Taxonomy
from app.normalisation.forms import ConceptFilterForm, ConceptForm, CorrectionForm
from app.normalisation.language_names import COMMON
from app.normalisation.result import REVIEW_BELOW
from app.offers.models import Offer
from app.offers.vocabulary import KIND_LABELS
from app.people.models import Person

bp = Blueprint("normalisation", __name__, url_prefix="/intern")

#: Who may correct the readings of each kind of row (and so sees them).
CORRECTORS = {Person: CONTACT_ROLES, Offer: CONTACT_ROLES, Need: COORDINATION}
#: The page each kind of row is corrected from, and the route that takes the correction.
PAGES = {Person: "people.detail", Offer: "screening.offer", Need: "needs.detail"}
CORRECTIONS = {
    Person: "normalisation.correct_person",
    Offer: "normalisation.correct_offer",
    Need: "normalisation.correct_need",
}
FIELD_LABELS = {
    "other_languages": _l("Weitere Sprachen"),
    "skills": _l("Kenntnisse und Erfahrungen"),
    "description": _l("Beschreibung"),
    "conditions": _l("Bedingungen"),
    "title": _l("Titel"),
}


# ── taxonomy ────────────────────────────────────────────────────────────────────────────────────────


@bp.get("/admin/begriffe")
@roles_required(Role.ADMIN, Role.COORDINATOR)
def concepts():
    form = ConceptFilterForm(request.args)
    chosen = form.filters()
    found = taxonomy_store.find_concepts(taxonomy_store.stored_records(), chosen.get("q"), chosen.get("group"))
    return render_template(
        "normalisation/concepts.html",
        form=form,
        concepts=found,
        group_labels=KIND_LABELS,
        may_edit=current_user.has_role(*ADMINISTRATION),
    )


@bp.route("/admin/begriffe/neu", methods=["GET", "POST"])
@roles_required(*ADMINISTRATION)
def new_concept():
    return _concept_page(ConceptForm(records=taxonomy_store.stored_records()))


@bp.route("/admin/begriffe/<key>", methods=["GET", "POST"])
@roles_required(*ADMINISTRATION)
def edit_concept(key: str):
    records = taxonomy_store.stored_records()
    if key not in records:
        abort(404)
    return _concept_page(ConceptForm.for_concept(records, key, request.form if request.method == "POST" else None))


def _concept_page(form: ConceptForm):
    if form.validate_on_submit():
        found = taxonomy_store.problems(form.taxonomy_records())
        if not found:
            taxonomy_store.save_concept(form.concept_key, form.record())
            db.session.commit()
            flash(
                _("Der Begriff ist gespeichert. Neue und geänderte Einträge werden ab jetzt damit gelesen."), "success"
            )
            return redirect(url_for(".concepts"), 303)
        form.show_problems(found)
    status = 422 if form.is_submitted() else 200
    return render_template("normalisation/concept.html", form=form), status


# ── corrections ─────────────────────────────────────────────────────────────────────────────────────


@bp.post("/normalisierung/personen/<public_id>/<field>/<int:position>")
@roles_required(*CORRECTORS[Person])
def correct_person(public_id: str, field: str, position: int):
    return _correct(_row_or_404(Person, public_id), field, position)


@bp.post("/normalisierung/angebote/<public_id>/<field>/<int:position>")
@roles_required(*CORRECTORS[Offer])
def correct_offer(public_id: str, field: str, position: int):
    return _correct(_row_or_404(Offer, public_id), field, position)


@bp.post("/normalisierung/bedarfe/<public_id>/<field>/<int:position>")
@roles_required(*CORRECTORS[Need])
def correct_need(public_id: str, field: str, position: int):
    return _correct(_row_or_404(Need, public_id), field, position)


def _row_or_404(model: type, public_id: str) -> Any:
    row = db.session.scalar(sa.select(model).where(model.public_id == public_id))
    if row is None:
        abort(404)
    return row


def _correct(row: Person | Offer | Need, field: str, position: int):
    """:raise 404: no such reading; 400: a value the form never offered (tampering)."""
    entries = (row.normalisation or {}).get(field, [])
    if position >= len(entries):
        abort(404)
    taxonomy = taxonomy_store.current_taxonomy()
    form = CorrectionForm(_choices(field, entries[position], taxonomy), prefix=f"{field}-{position}")
    if not form.validate_on_submit():
        abort(400)
    stored.correct(row, field, position, form.value.data or None, taxonomy)
    db.session.commit()
    flash(_("Die Lesart ist korrigiert."), "success")
    return redirect(url_for(PAGES[type(row)], public_id=row.public_id), 303)


# ── the review partial ──────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class EntryView:
    entry: dict[str, Any]
    #: What the text was read as, in words ("Arabisch", "Hausaufgabenhilfe"); ``None``: nothing.
    shown: str | None
    form: CorrectionForm
    action: str

    @property
    def needs_review(self) -> bool:
        return not self.entry["corrected"] and self.entry["confidence"] < REVIEW_BELOW


@bp.app_template_global()
def normalisation_review(row: Person | Offer | Need) -> list[tuple[object, list[EntryView]]] | None:
    """Per field, its readings with a correction form each; ``None`` for users who may not correct them."""
    if not current_user.has_role(*CORRECTORS[type(row)]):
        return None
    taxonomy = taxonomy_store.current_taxonomy()
    return [
        (
            FIELD_LABELS.get(field, field),
            [_entry_view(row, field, position, entry, taxonomy) for position, entry in enumerate(entries)],
        )
        for field, entries in (row.normalisation or {}).items()
    ]


def _entry_view(row: Any, field: str, position: int, entry: dict[str, Any], taxonomy: Taxonomy) -> EntryView:
    form = CorrectionForm(_choices(field, entry, taxonomy), prefix=f"{field}-{position}", formdata=None)
    form.value.data = entry["value"] or ""
    action = url_for(CORRECTIONS[type(row)], public_id=row.public_id, field=field, position=position)
    shown = _label(field, entry["value"], taxonomy) if entry["value"] else None
    return EntryView(entry, shown, form, action)


def _label(field: str, value: str, taxonomy: Taxonomy) -> str:
    if field in stored.LANGUAGE_FIELDS:
        return language_name(value)
    concept = taxonomy.by_key.get(value)
    # A concept removed from the taxonomy since is shown by its key.
    return _concept_label(concept, current_locale_code()) if concept else value


def _concept_label(concept: Concept, locale: str) -> str:
    return concept.label_de if locale.startswith("de") else concept.label_en


def _choices(field: str, entry: dict[str, Any], taxonomy: Taxonomy) -> list[SelectChoice]:
    """The alternatives first, then every value; "none of these" last."""
    locale = current_locale_code()
    every = _every_language(locale) if field in stored.LANGUAGE_FIELDS else _every_concept(taxonomy, locale)
    first = [value for value in dict.fromkeys([entry["value"], *entry.get("alternatives", ())]) if value]
    ordered = [(value, _label(field, value, taxonomy)) for value in first]
    ordered += [(value, label) for value, label in every if value not in first]
    return options([*ordered, ("", _("nichts davon"))])


@lru_cache(maxsize=16)
def _every_language(locale: str) -> tuple[tuple[str, str], ...]:
    names = ((code, language_name(code, locale)) for code in COMMON)
    return tuple(sorted(names, key=lambda pair: pair[1].casefold()))


@lru_cache(maxsize=16)
def _every_concept(taxonomy: Taxonomy, locale: str) -> tuple[tuple[str, str], ...]:
    names = ((concept.key, _concept_label(concept, locale)) for concept in taxonomy.concepts)
    return tuple(sorted(names, key=lambda pair: pair[1].casefold()))
