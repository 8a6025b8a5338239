"""Public offer pages: the form, the thank-you page and the opt-in link."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, current_app, redirect, render_template, request, session, url_for

from app.alerts.services import subscribe_token
from app.board.prefill import prefill
from app.board.services import board_entry, board_query, pledge, pledges_of
from app.core.forms import BaseForm
from app.core.i18n import current_locale_code
from app.core.tokens import ExpiredToken, InvalidToken
from app.extensions import csrf, db, limiter
from app.needs.models import Need
from app.offers import vocabulary
from app.offers.forms import OfferForm
from app.offers.models import KIND_VALUES, OfferKind
from app.offers.services import confirm_person, person_for_opt_in, submit_offers
from app.people import availability
from app.people.models import Channel, Person

bp = Blueprint("offers", __name__)

SESSION_KEY = "submitted_person"


def submit_limit() -> str:
    return current_app.config["SUBMIT_RATE_LIMIT"]


@bp.route("/helfen/angebot", methods=["GET", "POST"])
@limiter.limit(submit_limit, methods=["POST"])
# The form checks its own CSRF token, so an expired page is shown again with
# everything typed instead of a bare error page.
@csrf.exempt
def new():
    if request.method == "POST":
        form = OfferForm.for_submission(request.form.getlist("kinds"))()
        if form.validate_on_submit() and not form.is_spam:
            return _store(form)
        # Show the whole form again, with every kind, the input and its errors.
        form = OfferForm()
        form.validate()
        return render_template("offers/new.html", form=form, **form_page_context()), 422
    form = OfferForm()
    form.kinds.data = [k for k in request.args.getlist("art") if k in KIND_VALUES]
    need = _pledged_need(request.args.get("bedarf"))
    if need:
        prefill(form, need)
        form.need.data = need.public_id
    return render_template("offers/new.html", form=form, **form_page_context())


def _store(form: OfferForm):
    person_data, offers = form.to_submission(current_locale_code())
    person = submit_offers(person_data, offers, Channel.WEB, current_app.config["PRIVACY_NOTICE_VERSION"])
    need = _pledged_need(form.need.data)
    if need:
        pledge(need, person.offers)
    session[SESSION_KEY] = person.public_id  # read before commit expires the object
    db.session.commit()
    return redirect(url_for(".thanks"))


def _pledged_need(public_id: str | None) -> Need | None:
    """The board's need an offer pledges for; ``None`` when it left the board meanwhile."""
    if not public_id:
        return None
    return db.session.scalar(board_query().where(Need.public_id == public_id))


def form_page_context() -> dict:
    return {
        "kinds": list(OfferKind),
        "kind_hints": vocabulary.KIND_HINTS,
        "days": availability.DAYS,
        "slots": availability.SLOTS,
        "day_labels": vocabulary.DAY_LABELS,
        "slot_labels": vocabulary.SLOT_LABELS,
        "slot_headings": vocabulary.SLOT_HEADINGS,
        "pledged_need": _pledged_entry(),
    }


def _pledged_entry():
    """The need the form pledges for, with what is missing, for the box above the form."""
    public_id = request.form.get("need") if request.method == "POST" else request.args.get("bedarf")
    need = _pledged_need(public_id)
    return board_entry(need) if need else None


@bp.get("/helfen/danke")
def thanks():
    public_id = session.get(SESSION_KEY)
    person = public_id and db.session.scalar(sa.select(Person).where(Person.public_id == public_id))
    if not person:
        return redirect(url_for(".new"))
    return render_template("offers/thanks.html", offers=person.offers, pledges=pledges_of(person))


@bp.route("/helfen/bestaetigen/<token>", methods=["GET", "POST"])
def confirm(token: str):
    try:
        person = person_for_opt_in(token)
    except ExpiredToken:
        return render_template("offers/link_invalid.html", expired=True), 410
    except InvalidToken:
        return render_template("offers/link_invalid.html", expired=False), 404
    form = BaseForm()
    if person.confirmed_at is None and form.validate_on_submit():
        confirm_person(person)
        db.session.commit()
        return _confirmed_page(person, first_time=True)
    if person.confirmed_at is not None:
        return _confirmed_page(person, first_time=False)
    return render_template("offers/confirm.html", form=form)


def _confirmed_page(person: Person, first_time: bool):
    # Who did not ask for alerts in the form can still do so here, with a signed link of their own.
    subscribe_url = None if person.alerts_enabled else url_for("alerts.subscribe", token=subscribe_token(person))
    return render_template(
        "offers/confirmed.html", offers=person.offers, first_time=first_time, subscribe_url=subscribe_url
    )
