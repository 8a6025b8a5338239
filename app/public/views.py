from flask import Blueprint, render_template

from app.offers.vocabulary import KIND_HINTS, KIND_LABELS

bp = Blueprint("public", __name__)


@bp.get("/")
def index():
    return render_template("public/index.html", kind_labels=KIND_LABELS, kind_hints=KIND_HINTS)


@bp.get("/geld-spenden")
def donations():
    return render_template("public/donations.html")


@bp.get("/fragen")
def faq():
    return render_template("public/faq.html")


@bp.get("/kontakt")
def contact():
    return render_template("public/contact.html")


@bp.get("/datenschutz")
def privacy():
    return render_template("public/privacy.html")


@bp.get("/impressum")
def imprint():
    return render_template("public/imprint.html")
