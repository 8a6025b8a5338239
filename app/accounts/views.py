"""Staff and organisation login; the back office behind it grows per feature."""

from __future__ import annotations

from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user

from app.accounts.forms import LoginForm
from app.accounts.models import Role, User
from app.accounts.permissions import STAFF_ROLES
from app.core.db import utcnow
from app.extensions import db, limiter, login_manager
from app.needs.models import Need
from app.offers.models import Offer, OfferStatus
from app.offers.vocabulary import CHANNEL_LABELS

bp = Blueprint("accounts", __name__)

ROLE_LABELS = {
    Role.ADMIN: _l("Administration"),
    Role.COORDINATOR: _l("Koordination"),
    Role.HOTLINE: _l("Hotline"),
    Role.ORG_MEMBER: _l("Mitglied einer Organisation"),
}

login_manager.login_view = "accounts.login"
login_manager.login_message = None


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The account behind a session, unless deactivated or logged out everywhere since (``id.epoch``)."""
    user_id, _, epoch = session_id.partition(".")
    if not (user_id.isdigit() and epoch.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    return user if user and user.is_active and user.session_epoch == int(epoch) else None


def safe_next(target: str | None) -> str | None:
    """Only a path on this site, never another host (open redirect)."""
    if not target:
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc and target.startswith("/") else None


@bp.route("/anmelden", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.scalar(sa.select(User).where(User.email == form.email.data.strip().lower()))
        if user and user.is_active and user.check_password(form.password.data):
            login_user(user)
            user.last_login_at = utcnow()
            db.session.commit()
            return redirect(safe_next(request.args.get("next")) or url_for("accounts.home"))
        form.password.errors.append(_("E-Mail-Adresse oder Passwort stimmen nicht."))
    return render_template("accounts/login.html", form=form)


@bp.post("/abmelden")
@login_required
def logout():
    logout_user()
    flash(_("Sie sind abgemeldet."), "success")
    return redirect(url_for("public.index"))


@bp.get("/intern")
@login_required
def home():
    offers = needs = None
    if current_user.has_role(*STAFF_ROLES):
        offers = db.session.scalars(
            sa.select(Offer)
            .where(Offer.status == OfferStatus.NEW)
            .order_by(Offer.created_at.desc(), Offer.id.desc())
            .options(sa.orm.joinedload(Offer.person))
            .limit(25)
        ).all()
    else:
        needs = db.session.scalars(
            sa.select(Need).where(Need.organisation_id == current_user.organisation_id).order_by(Need.id)
        ).all()
    return render_template(
        "accounts/home.html", offers=offers, needs=needs, role_labels=ROLE_LABELS, channel_labels=CHANNEL_LABELS
    )
