"""Forms of the matching pages: the suggestions' filters, proposing a pair, deciding a match."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length

from app.core.forms import BaseForm, blank_to_none, options
from app.matching.models import MatchOrigin, MatchStatus
from app.matching.vocabulary import MATCH_ORIGIN_LABELS, MATCH_STATUS_LABELS
from app.offers.vocabulary import KIND_LABELS
from app.organisations.forms import ALL, FilterForm, borough_filter, kind_choices

#: Where the buttons on a suggestion list send the coordinator back to.
BACK_TO_NEED, BACK_TO_OFFER = "need", "offer"


class SuggestionFilterForm(FilterForm):
    borough = borough_filter()
    kind = SelectField(_l("Art"), choices=kind_choices(KIND_LABELS, ALL), default="")
    decided = BooleanField(_l("Auch schon vorgeschlagene und abgelehnte zeigen"))

    def filters(self) -> dict[str, Any]:
        chosen = super().filters()
        chosen["decided"] = bool(chosen.get("decided"))
        return chosen


class MatchFilterForm(FilterForm):
    status = SelectField(
        _l("Stand"),
        choices=options([("", ALL), *((status.value, MATCH_STATUS_LABELS[status]) for status in MatchStatus)]),
        default="",
    )
    origin = SelectField(
        _l("Zustande gekommen durch"),
        choices=options([("", ALL), *((origin.value, MATCH_ORIGIN_LABELS[origin]) for origin in MatchOrigin)]),
        default="",
    )


class ProposeForm(BaseForm):
    """One suggestion's buttons: propose, or propose and approve at once."""

    need = HiddenField(validators=[InputRequired()])
    offer = HiddenField(validators=[InputRequired()])
    back = HiddenField(validators=[AnyOf([BACK_TO_NEED, BACK_TO_OFFER])], default=BACK_TO_NEED)
    approve = BooleanField()


class DecisionForm(BaseForm):
    """The match page's buttons; each names the state it moves to. Rejecting and cancelling need the reason."""

    status = StringField(validators=[InputRequired(), AnyOf([status.value for status in MatchStatus])])
    reason = TextAreaField(
        _l("Grund oder Notiz"),
        validators=[Length(max=2000)],
        filters=[blank_to_none],
    )
