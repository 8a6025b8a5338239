"""Hotline: offers taken on the phone, with a warning when the caller is already known.

Routes (under /intern/hotline, coordinator and hotline):

- ``hotline.new_offer``   GET, POST ``""``           the entry screen
- ``hotline.duplicates``  POST ``/dubletten``        likely known persons as an HTML fragment (JSON or form body)
"""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user

from app.accounts.permissions import CONTACT_ROLES, roles_required
from app.extensions import csrf, db
from app.hotline.forms import NEW_PERSON, HotlineOfferForm
from app.hotline.services import take_phone_offer
from app.offers import vocabulary
from app.offers.models import OfferKind
from app.people.forms import grid_context
from app.people.services import KnownPerson, known_persons
from app.people.vocabulary import REASON_LABELS

bp = Blueprint("hotline", __name__, url_prefix="/intern/hotline")

#: References of the offers just saved, shown once on the empty form (no personal data in the cookie).
SAVED = "hotline_saved"


@bp.route("", methods=["GET", "POST"])
@roles_required(*CONTACT_ROLES)
# The form checks its own CSRF token, so a page left open too long comes back
# with everything typed instead of a bare error page.
@csrf.exempt
def new_offer():
    form = HotlineOfferForm()
    if not form.is_submitted():
        return _page(form, known=[], saved=session.pop(SAVED, None))
    is_valid = form.validate_on_submit()
    known = known_persons(form.typed_name, form.phone.data, form.email.data, keep=form.existing_person)
    if is_valid and form.require_decision(len(known)):
        return _store(form)
    return _page(form, known), 422


def _store(form: HotlineOfferForm):
    person_data, offers = form.to_submission(form.locale.data)
    person, added = take_phone_offer(
        person_data,
        offers,
        current_app.config["PRIVACY_NOTICE_VERSION"],
        note=form.note.data,
        existing=form.existing_person,
        author=current_user,
    )
    session[SAVED] = {
        "person": person.public_id,
        "attached": form.existing_person is not None,
        "offers": [(offer.kind.value, offer.reference) for offer in added],
    }
    db.session.commit()
    return redirect(url_for(".new_offer"), 303)


def _page(form: HotlineOfferForm, known: list[KnownPerson], saved: dict | None = None):
    return render_template(
        "hotline/new_offer.html",
        form=form,
        known=known,
        saved=saved,
        chosen=form.attach_to.data,
        new_person=NEW_PERSON,
        reason_labels=REASON_LABELS,
        kinds=list(OfferKind),
        kind_hints=vocabulary.KIND_HINTS,
        **grid_context(),
    )


@bp.post("/dubletten")
@roles_required(*CONTACT_ROLES)
def duplicates():
    typed = request.get_json(silent=True) or request.form

    def text(name: str) -> str | None:
        value = typed.get(name)
        return value if isinstance(value, str) else None

    name = " ".join(part for part in (text("first_name"), text("last_name")) if part)
    known = known_persons(name, text("phone"), text("email"))
    html = render_template(
        "hotline/_duplicates.html",
        known=known,
        chosen=text("attach_to"),
        new_person=NEW_PERSON,
        reason_labels=REASON_LABELS,
        errors=[],
    )
    # Names and numbers of callers: never kept by a browser or proxy cache.
    return html, 200, {"Cache-Control": "no-store"}
