"""Back-office pages of screening: the queue, one offer, and what staff do with it.

Routes (all under /intern/angebote):

- ``screening.queue``    GET, POST ``""``                    coordinator, hotline
- ``screening.offer``    GET  ``/<public_id>``               coordinator, hotline
- ``screening.edit``     GET, POST ``/<public_id>/bearbeiten`` coordinator, hotline
- ``screening.note``     POST ``/<public_id>/notizen``       coordinator, hotline
- ``screening.status``   POST ``/<public_id>/status``        coordinator (verify, hold, withdraw, reopen)
- ``screening.forward``  POST ``/<public_id>/weiterleiten``  coordinator (housing and premises)
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from app.accounts.permissions import CONTACT_ROLES, COORDINATION, roles_required
from app.core.i18n import current_locale_code
from app.core.trail import readable_history
from app.extensions import db
from app.matching.models import Match
from app.matching.vocabulary import MATCH_STATUS_LABELS
from app.needs.models import Need
from app.offers.kind_forms import language_options
from app.offers.models import Offer, OfferForwarding, OfferNote
from app.offers.search import REFERENCE
from app.offers.vocabulary import CHANNEL_LABELS, KIND_LABELS
from app.people.models import Person
from app.screening import services
from app.screening.details import address_lines, offer_facts, offer_languages
from app.screening.forms import ForwardForm, NoteForm, OfferEditForm, QueueForm, StatusForm
from app.screening.queue import COUNT_CAP, Cursor, InvalidCursor, place_of, queue_page
from app.screening.vocabulary import FIELD_LABELS, STATUS_LABELS, VALUE_LABELS

bp = Blueprint("screening", __name__, url_prefix="/intern/angebote")

#: Searches of this session by key. A search may hold a name, and names must
#: stay out of URLs (browser history, proxy and server logs, Referer), so the
#: POSTed text is kept in the session cookie and the URL carries a random key.
#: Unlike a single "current search" slot, keys keep the back button, several
#: tabs and the paging links each on their own search.
SEARCHES = "screening_searches"
KEPT_SEARCHES = 10


def remember_search(text: str) -> str:
    key = secrets.token_urlsafe(6)
    searches = {**session.get(SEARCHES, {}), key: text}
    session[SEARCHES] = dict(list(searches.items())[-KEPT_SEARCHES:])
    return key


def resolved(labels: dict) -> dict:
    """Lazy labels translated once: a page of 50 rows would translate each of them 50 times."""
    return {key: str(label) for key, label in labels.items()}


def _queue_page(form: QueueForm, status: int = 200, search_key: str | None = None, page=None):
    base_args = {**form.url_args(), **({"search": search_key} if search_key else {})}
    return render_template(
        "screening/queue.html",
        form=form,
        page=page,
        base_args=base_args,
        count_cap=COUNT_CAP,
        kind_labels=resolved(KIND_LABELS),
        status_labels=resolved(STATUS_LABELS),
        channel_labels=resolved(CHANNEL_LABELS),
        place_of=place_of,
        offer_languages=offer_languages,
        # The picker's names, sorted once per process: a page shows ~150 language names.
        language_names={choice.value: choice.label for choice in language_options(current_locale_code())[0]},
        search_lost=bool(request.args.get("search")) and not search_key,
    ), status


def _jump_to_reference(query: str | None):
    """A reference read out on the phone opens that offer at once."""
    reference = REFERENCE.match(query or "")
    if reference:
        public_id = db.session.scalar(sa.select(Offer.public_id).where(Offer.id == int(reference.group(2))))
        if public_id:
            return redirect(url_for("screening.offer", public_id=public_id), 303)
    return None


@bp.route("", methods=["GET", "POST"])
@roles_required(*CONTACT_ROLES)
def queue():
    if request.method == "POST":
        form = QueueForm()
        if not form.validate_on_submit():
            return _queue_page(form, 422)
        query = form.to_filters().query
        search = {"search": remember_search(query)} if query else {}
        return _jump_to_reference(query) or redirect(url_for("screening.queue", **form.url_args(), **search), 303)
    form = QueueForm(formdata=request.args, meta={"csrf": False})
    search_key = request.args.get("search")
    form.q.data = session.get(SEARCHES, {}).get(search_key) if search_key else None
    if not form.q.data:
        search_key = None
    if not form.validate():
        return _queue_page(form, 422, search_key)
    try:
        cursor = Cursor.decode(request.args["cursor"]) if request.args.get("cursor") else None
    except InvalidCursor:
        abort(400)
    return _queue_page(form, search_key=search_key, page=queue_page(form.to_filters(), cursor))


def load_offer(public_id: str) -> Offer:
    """The offer with everything its page shows, in a fixed number of queries.

    :raise 404: no such offer.
    """
    offer = db.session.scalar(
        sa.select(Offer)
        .where(Offer.public_id == public_id)
        .options(
            selectinload(Offer.person).selectinload(Person.languages),
            selectinload(Offer.notes).joinedload(OfferNote.author),
            selectinload(Offer.forwardings).joinedload(OfferForwarding.actor),
            selectinload(Offer.matches).joinedload(Match.need).joinedload(Need.organisation),
        )
    )
    if offer is None:
        abort(404)
    return offer


def render_offer(offer: Offer, status: int = 200, error: str | None = None, **forms):
    departments = services.departments_for(offer)
    return render_template(
        "screening/offer.html",
        offer=offer,
        facts=offer_facts(offer),
        person_address=address_lines(offer.person),
        error=error,
        note_form=forms.get("note_form") or NoteForm(),
        status_form=StatusForm(),
        forward_form=forms.get("forward_form") or (ForwardForm(departments) if departments else None),
        may_decide=current_user.has_role(*COORDINATION),
        actions=services.allowed_actions(offer),
        transitions=services.TRANSITIONS,
        status_labels=STATUS_LABELS,
        channel_labels=CHANNEL_LABELS,
        match_labels=MATCH_STATUS_LABELS,
        history=readable_history(offer, VALUE_LABELS),
        field_labels=FIELD_LABELS,
    ), status


def _back_to(offer: Offer, anchor: str | None = None):
    return redirect(url_for("screening.offer", public_id=offer.public_id, _anchor=anchor), 303)


@bp.get("/<public_id>")
@roles_required(*CONTACT_ROLES)
def offer(public_id: str):
    return render_offer(load_offer(public_id))


@bp.route("/<public_id>/bearbeiten", methods=["GET", "POST"])
@roles_required(*CONTACT_ROLES)
def edit(public_id: str):
    offer = load_offer(public_id)
    form = OfferEditForm.for_offer(offer, request.form if request.method == "POST" else None)
    if form.validate_on_submit():
        services.edit_offer(offer, form.to_offer_data())
        db.session.commit()
        flash(_("Die Änderungen sind gespeichert."), "success")
        return _back_to(offer)
    status = 422 if request.method == "POST" else 200
    return render_template("screening/edit.html", offer=offer, form=form), status


@bp.post("/<public_id>/notizen")
@roles_required(*CONTACT_ROLES)
def note(public_id: str):
    offer = load_offer(public_id)
    form = NoteForm()
    if not form.validate_on_submit():
        return render_offer(offer, 422, note_form=form)
    services.add_note(offer, form.text.data, current_user._get_current_object())
    db.session.commit()
    flash(_("Die Notiz ist gespeichert."), "success")
    return _back_to(offer, "notes-heading")


def _decide(offer: Offer, change, success, anchor: str | None = None):
    """Apply a coordinator's decision; a refused one shows the offer again with the reason (409)."""
    try:
        result = change()
    except services.ScreeningError as exc:
        return render_offer(offer, 409, error=str(exc))
    db.session.commit()
    flash(success(result), "success")
    return _back_to(offer, anchor)


@bp.post("/<public_id>/status")
@roles_required(*COORDINATION)
def status(public_id: str):
    offer = load_offer(public_id)
    form = StatusForm()
    if not form.validate_on_submit():
        abort(400)
    return _decide(
        offer,
        lambda: services.change_status(offer, form.action.data),
        lambda new_status: _("Neuer Status: %(status)s", status=STATUS_LABELS[new_status]),
    )


@bp.post("/<public_id>/weiterleiten")
@roles_required(*COORDINATION)
def forward(public_id: str):
    offer = load_offer(public_id)
    departments = services.departments_for(offer)
    form = ForwardForm(departments)
    if departments and not form.validate_on_submit():
        return render_offer(offer, 422, forward_form=form)
    return _decide(
        offer,
        lambda: services.forward_offer(offer, form.department.data, current_user._get_current_object()),
        lambda forwarding: _(
            "Das Angebot wurde weitergeleitet an: %(department)s.", department=forwarding.department_name
        ),
        "forwarding-heading",
    )
