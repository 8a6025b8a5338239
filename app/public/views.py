from flask import Blueprint, render_template

from app.offers.vocabulary import KIND_HINTS

bp = Blueprint("public", __name__)

#: Information pages: endpoint → URL; each renders public/<endpoint>.html.
INFO_PAGES = {
    "donations": "/geld-spenden",
    "faq": "/fragen",
    "contact": "/kontakt",
    "privacy": "/datenschutz",
    "imprint": "/impressum",
    "accessibility": "/barrierefreiheit",
}


@bp.get("/")
def index():
    return render_template("public/index.html", kind_hints=KIND_HINTS)


def _info_page(endpoint: str):
    def view():
        return render_template(f"public/{endpoint}.html")

    view.__name__ = endpoint
    return view


for _endpoint, _rule in INFO_PAGES.items():
    bp.add_url_rule(_rule, _endpoint, _info_page(_endpoint), methods=["GET"])
