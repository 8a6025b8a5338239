"""Back-office pages of matching: suggestions per need and per offer, the matches, one match.

Routes (all under /intern/vermittlungen, coordinators only):

- ``matching.index``             GET  ``""``                          the matches, filtered by state
- ``matching.need_suggestions``  GET  ``/bedarfe/<public_id>``        offers ranked for a need
- ``matching.offer_suggestions`` GET  ``/angebote/<public_id>``       open needs ranked for an offer
- ``matching.propose``           POST ``/vorschlagen``                propose a pair (and approve it at once)
- ``matching.detail``            GET  ``/<match_id>``                 one match, its reasons, moves and trail
- ``matching.decide``            POST ``/<match_id>/entscheiden``     move a match on
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from app.accounts.models import User
from app.accounts.permissions import COORDINATION, roles_required
from app.core.i18n import current_locale_code
from app.core.trail import readable_history
from app.extensions import db
from app.matching import decisions
from app.matching.forms import BACK_TO_OFFER, DecisionForm, MatchFilterForm, ProposeForm, SuggestionFilterForm
from app.matching.index import current_taxonomy
from app.matching.models import Match, MatchStatus
from app.matching.scoring import Suggestion
from app.matching.services import suggest_needs, suggest_offers
from app.matching.vocabulary import MATCH_ORIGIN_LABELS, MATCH_STATUS_LABELS
from app.needs.models import Need
from app.needs.vocabulary import STATUS_LABELS as NEED_STATUS_LABELS
from app.offers.models import Offer, OfferKind
from app.people.models import Person
from app.screening.details import offer_languages
from app.screening.queue import place_of
from app.screening.vocabulary import STATUS_LABELS as OFFER_STATUS_LABELS

bp = Blueprint("matching", __name__, url_prefix="/intern/vermittlungen")

#: Suggestions per page: the first screen should hold the right volunteers.
SUGGESTIONS = 20
PAGE_SIZE = 25

#: What the button that moves a match into each state says.
MOVE_LABELS = {
    MatchStatus.APPROVED: _l("Zusagen"),
    MatchStatus.REJECTED: _l("Ablehnen"),
    MatchStatus.CONTACTED: _l("Kontakt aufgenommen"),
    MatchStatus.ACTIVE: _l("Hilfe läuft"),
    MatchStatus.COMPLETED: _l("Abschließen"),
    MatchStatus.CANCELLED: _l("Abbrechen"),
}
#: Match columns as the trail names them.
FIELD_LABELS = {
    "status": _l("Stand"),
    "quantity": _l("Anzahl"),
    "note": _l("Grund oder Notiz"),
    "decided_by_id": _l("Entschieden von"),
    "decided_at": _l("Entschieden am"),
    "score": _l("Punkte"),
    "origin": _l("Herkunft"),
    "volunteer": _l("E-Mail an die Helferin oder den Helfer"),
    "organisation": _l("E-Mail an die Organisation"),
}


def _user_name(user_id: int) -> str:
    user = db.session.get(User, user_id)
    return user.display_name if user else str(user_id)


TRAIL_VALUES = {"status": MATCH_STATUS_LABELS, "origin": MATCH_ORIGIN_LABELS, "decided_by_id": _user_name}
LABELS = {
    "match_status_labels": MATCH_STATUS_LABELS,
    "match_origin_labels": MATCH_ORIGIN_LABELS,
    "need_status_labels": NEED_STATUS_LABELS,
    "offer_status_labels": OFFER_STATUS_LABELS,
}


def concept_label(key: str) -> str:
    """A concept's label: German for German pages, English for every other language."""
    concept = current_taxonomy().by_key.get(key)
    if concept is None:
        return key
    return concept.label_de if current_locale_code() == "de" else concept.label_en


def _offers_by_id(ids: list[int]) -> dict[int, Offer]:
    query = sa.select(Offer).where(Offer.id.in_(ids)).options(selectinload(Offer.person).selectinload(Person.languages))
    return {offer.id: offer for offer in db.session.scalars(query)}


def _needs_by_id(ids: list[int]) -> dict[int, Need]:
    query = sa.select(Need).where(Need.id.in_(ids)).options(joinedload(Need.organisation))
    return {need.id: need for need in db.session.scalars(query)}


def _matches_of(column, row_id: int, key) -> dict[int, Match]:
    return {getattr(match, key): match for match in db.session.scalars(sa.select(Match).where(column == row_id))}


def _suggestion_page(template: str, suggestions: list[Suggestion], **context):
    return render_template(
        template,
        suggestions=suggestions,
        propose_form=ProposeForm(),
        concept_label=concept_label,
        offer_languages=offer_languages,
        place_of=place_of,
        **LABELS,
        **context,
    )


@bp.get("/bedarfe/<public_id>")
@roles_required(*COORDINATION)
def need_suggestions(public_id: str):
    need = db.first_or_404(sa.select(Need).where(Need.public_id == public_id))
    form = SuggestionFilterForm(request.args)
    filters = form.filters()
    suggestions = suggest_offers(
        need,
        limit=SUGGESTIONS,
        borough=filters.get("borough"),
        kind=OfferKind(filters["kind"]) if filters.get("kind") else None,
        include_decided=filters["decided"],
    )
    return _suggestion_page(
        "matching/need_suggestions.html",
        suggestions,
        need=need,
        form=form,
        left=decisions.remaining(need),
        offers=_offers_by_id([s.offer_id for s in suggestions]),
        matches=_matches_of(Match.need_id, need.id, "offer_id"),
    )


@bp.get("/angebote/<public_id>")
@roles_required(*COORDINATION)
def offer_suggestions(public_id: str):
    offer = db.first_or_404(sa.select(Offer).where(Offer.public_id == public_id).options(selectinload(Offer.person)))
    suggestions = suggest_needs(offer, limit=SUGGESTIONS)
    return _suggestion_page(
        "matching/offer_suggestions.html",
        suggestions,
        offer=offer,
        left=decisions.offer_remaining(offer),
        needs=_needs_by_id([s.need_id for s in suggestions]),
        matches=_matches_of(Match.offer_id, offer.id, "need_id"),
    )


def _suggestion_for(need: Need, offer: Offer, back: str) -> Suggestion | None:
    """The score and reasons the coordinator saw, worked out again (a form field could be altered)."""
    found = (
        suggest_needs(offer, limit=SUGGESTIONS)
        if back == BACK_TO_OFFER
        else suggest_offers(need, limit=SUGGESTIONS, kind=offer.kind)
    )
    return next((s for s in found if s.need_id == need.id and s.offer_id == offer.id), None)


@bp.post("/vorschlagen")
@roles_required(*COORDINATION)
def propose():
    form = ProposeForm()
    if not form.validate_on_submit():
        abort(400)
    need = db.first_or_404(sa.select(Need).where(Need.public_id == form.need.data))
    offer = db.first_or_404(sa.select(Offer).where(Offer.public_id == form.offer.data))
    back_to = (
        url_for(".offer_suggestions", public_id=offer.public_id)
        if form.back.data == BACK_TO_OFFER
        else url_for(".need_suggestions", public_id=need.public_id)
    )
    actor = current_user._get_current_object()
    try:
        match = decisions.propose(need, offer, actor, _suggestion_for(need, offer, form.back.data))
        if form.approve.data:
            decisions.approve(match, actor)
    except decisions.DecisionRefused as refused:
        db.session.rollback()
        flash(str(refused), "info")
        return redirect(back_to, 303)
    # After approving, the match page says whom to call; after proposing, the list goes on.
    target = url_for(".detail", match_id=match.id) if match.status is MatchStatus.APPROVED else back_to
    db.session.commit()
    flash(_decided_message(match), "success")
    return redirect(target, 303)


def _decided_message(match: Match) -> str:
    if match.status is MatchStatus.APPROVED:
        return _("Zugesagt. Beide Seiten bekommen ihre E-Mail, sofern sie eine Adresse haben.")
    return _("Neuer Stand: %(status)s", status=MATCH_STATUS_LABELS[match.status])


def filtered_matches(filters: dict) -> sa.Select:
    """The matches list's query (also its export, app.exports): newest change first, both sides loaded."""
    query = sa.select(Match).options(
        joinedload(Match.need).joinedload(Need.organisation), joinedload(Match.offer).joinedload(Offer.person)
    )
    if filters.get("status"):
        query = query.where(Match.status == filters["status"])
    if filters.get("origin"):
        query = query.where(Match.origin == filters["origin"])
    return query.order_by(Match.updated_at.desc(), Match.id.desc())


@bp.get("")
@roles_required(*COORDINATION)
def index():
    form = MatchFilterForm(request.args)
    filters = form.filters()
    query = filtered_matches(filters)
    page = db.paginate(query, page=request.args.get("seite", 1, type=int), per_page=PAGE_SIZE, error_out=False)
    return render_template("matching/index.html", form=form, page=page, filters=filters, **LABELS)


def _load_match(match_id: int) -> Match:
    query = (
        sa.select(Match)
        .where(Match.id == match_id)
        .options(
            joinedload(Match.need).joinedload(Need.organisation),
            joinedload(Match.offer).joinedload(Offer.person).selectinload(Person.languages),
        )
    )
    return db.first_or_404(query)


def _detail_page(match: Match, form: DecisionForm | None = None, status: int = 200):
    return render_template(
        "matching/detail.html",
        match=match,
        form=form or DecisionForm(),
        moves=decisions.allowed_moves(match),
        move_labels=MOVE_LABELS,
        reason_required=decisions.REASON_REQUIRED,
        need_left=decisions.remaining(match.need),
        offer_left=decisions.offer_remaining(match.offer),
        is_filling=match.status in decisions.FILLING,
        concept_label=concept_label,
        offer_languages=offer_languages,
        events=readable_history(match, TRAIL_VALUES),
        field_labels=FIELD_LABELS,
        **LABELS,
    ), status


@bp.get("/<int:match_id>")
@roles_required(*COORDINATION)
def detail(match_id: int):
    return _detail_page(_load_match(match_id))


@bp.post("/<int:match_id>/entscheiden")
@roles_required(*COORDINATION)
def decide(match_id: int):
    match = _load_match(match_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        decisions.decide(match, MatchStatus(form.status.data), current_user._get_current_object(), form.reason.data)
    except decisions.DecisionRefused as refused:
        db.session.rollback()
        form.reason.errors = [str(refused)]
        return _detail_page(_load_match(match_id), form, 409)
    db.session.commit()
    flash(_decided_message(match), "success")
    return redirect(url_for(".detail", match_id=match_id), 303)
