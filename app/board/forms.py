"""The public board's filters: kind of help, Stadtbezirk, language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField

from app.core.forms import options
from app.core.i18n import language_name
from app.offers.vocabulary import KIND_LABELS
from app.organisations.forms import FilterForm, kind_choices
from app.places.services import gazetteer


class BoardFilterForm(FilterForm):
    """Read from the query string (``?art=donation&stadtbezirk=Mitte&sprache=ar``); a stale or
    tampered value is ignored, so an old link still shows the board."""

    art = SelectField(_l("Art der Hilfe"), choices=kind_choices(KIND_LABELS, _l("alle Arten")), default="")
    stadtbezirk = SelectField(_l("Stadtbezirk"), default="")
    sprache = SelectField(_l("Sprache"), default="")

    def __init__(self, formdata, languages: list[str], **kwargs) -> None:
        super().__init__(formdata, **kwargs)
        boroughs = gazetteer().borough_names()
        self.stadtbezirk.choices = options([("", _l("alle Stadtbezirke")), *((name, name) for name in boroughs)])
        named = sorted(((code, language_name(code)) for code in languages), key=lambda pair: pair[1])
        self.sprache.choices = options([("", _l("alle Sprachen")), *named])

    def board_filters(self) -> dict[str, str]:
        """The chosen filters as :func:`app.board.services.board` takes them."""
        chosen = self.filters()
        return {
            "kind": chosen.get("art"),
            "borough": chosen.get("stadtbezirk"),
            "language": chosen.get("sprache"),
        }
