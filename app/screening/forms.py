"""Forms of the screening pages: the queue's filters, the offer's actions and its edit form."""

from __future__ import annotations

from functools import cache
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import FormField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.core.forms import BaseForm, blank_to_none, options
from app.core.i18n import current_locale_code
from app.offers import vocabulary as v
from app.offers.forms import QUANTITY_FIELDS, offer_data
from app.offers.kind_forms import LONG, check_period, count, date_field, language_options
from app.offers.models import Offer, OfferKind, OfferStatus
from app.offers.services import OfferData
from app.people.models import Channel
from app.places.services import gazetteer
from app.screening.details import KIND_FORMS, PERIOD_KEYS, form_data, has_field
from app.screening.queue import ALL_STATUSES, QueueFilters
from app.screening.services import TRANSITIONS
from app.screening.vocabulary import STATUS_LABELS

ANY = ("", _l("alle"))
OLDEST, NEWEST = "oldest", "newest"
#: Filters as they appear in the queue's URL; the search text never does (see views.queue).
FILTER_NAMES = (
    "status",
    "kind",
    "language",
    "borough",
    "source",
    "matched",
    "received_from",
    "received_until",
    "order",
)
#: The "matched" filter's value for offers without an approved match.
UNMATCHED = "none"


def _borough_choices():
    return options([ANY, *((name, name) for name in gazetteer().borough_names())])


def _language_choices():
    return options([ANY]) + language_options(current_locale_code())[0]


class QueueForm(BaseForm):
    """Filters and search of the queue; sent by POST, shown again from the URL's filters."""

    q = StringField(
        _l("Suche"),
        validators=[Optional(), Length(max=200, message=_l("Höchstens %(max)d Zeichen."))],
    )
    status = SelectField(
        _l("Status"),
        choices=options(
            [
                *((status.value, label) for status, label in STATUS_LABELS.items()),
                (ALL_STATUSES, _l("alle bestätigten")),
            ]
        ),
        default=OfferStatus.NEW.value,
    )
    kind = SelectField(
        _l("Art"), choices=options([ANY, *((k.value, label) for k, label in v.KIND_LABELS.items())]), default=""
    )
    language = SelectField(_l("Sprache"), choices=_language_choices, default="")
    borough = SelectField(_l("Stadtbezirk"), choices=_borough_choices, default="")
    source = SelectField(
        _l("Eingangsweg"),
        choices=options([ANY, *((c.value, label) for c, label in v.CHANNEL_LABELS.items())]),
        default="",
    )
    matched = SelectField(
        _l("Vermittlung"),
        choices=options([ANY, (UNMATCHED, _l("noch ohne zugesagte Vermittlung"))]),
        default="",
    )
    received_from = date_field(_l("Eingang ab"))
    received_until = date_field(_l("Eingang bis"))
    order = SelectField(
        _l("Reihenfolge"),
        choices=options([(OLDEST, _l("älteste zuerst")), (NEWEST, _l("neueste zuerst"))]),
        default=OLDEST,
    )

    def validate_received_until(self, field) -> None:
        check_period(self.received_from, field)

    def to_filters(self) -> QueueFilters:
        return QueueFilters(
            status=self.status.data,
            kind=OfferKind(self.kind.data) if self.kind.data else None,
            language=self.language.data or None,
            borough=self.borough.data or None,
            source=Channel(self.source.data) if self.source.data else None,
            received_from=self.received_from.data,
            received_until=self.received_until.data,
            query=self.q.data.strip() if self.q.data else None,
            newest_first=self.order.data == NEWEST,
            unmatched=self.matched.data == UNMATCHED,
        )

    def url_args(self) -> dict[str, str]:
        """The filters that differ from the default, for a short URL."""
        args = {}
        for name in FILTER_NAMES:
            field = self[name]
            if field.data and field.data != field.default:
                args[name] = field.data.isoformat() if hasattr(field.data, "isoformat") else field.data
        return args


class NoteForm(BaseForm):
    # DataRequired, not InputRequired: a note of blanks is no note (blank_to_none makes it None).
    text = TextAreaField(
        _l("Neue Notiz"),
        validators=[
            DataRequired(message=_l("Bitte schreiben Sie eine Notiz.")),
            Length(max=LONG, message=_l("Bitte fassen Sie sich kürzer (höchstens %(max)d Zeichen).")),
        ],
        filters=[blank_to_none],
    )


class StatusForm(BaseForm):
    #: Set by the button pressed; any other value is tampering (400).
    action = SelectField(choices=options((name, t.label) for name, t in TRANSITIONS.items()))


class ForwardForm(BaseForm):
    department = SelectField(_l("An welche Stelle?"))

    def __init__(self, departments, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.department.choices = options((d.key, d.name) for d in departments)


class OfferEditForm(BaseForm):
    """An offer's own words, quantity and period, and its kind's sub-form (added per kind)."""

    quantity = count(_l("Anzahl (Personen oder Stück)"))
    available_from = date_field(_l("Verfügbar ab"))
    available_until = date_field(_l("Verfügbar bis"))

    kind: OfferKind

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        sub = self[self.kind.value].form
        if has_field(self.kind, "district"):
            sub.setup_places()
        if self.kind is OfferKind.INTERPRETING:
            for entry in sub.languages.entries:
                entry.language.choices = language_options(current_locale_code())[1]

    @classmethod
    def for_offer(cls, offer: Offer, formdata: Any = None) -> OfferEditForm:
        """The form for the offer's kind, filled from ``formdata`` or else from the offer."""
        form_class = _edit_form_class(offer.kind)
        data = {
            offer.kind.value: form_data(offer),
            "quantity": offer.quantity,
            "available_from": offer.available_from,
            "available_until": offer.available_until,
        }
        return form_class(formdata=formdata, data=data)

    def validate_available_until(self, field) -> None:
        check_period(self.available_from, field)

    def to_offer_data(self) -> OfferData:
        start = self.available_from.data if "available_from" in self else None
        end = self.available_until.data if "available_until" in self else None
        data = offer_data(self.kind, self[self.kind.value].data, start, end)
        if "quantity" in self:
            data.quantity = self.quantity.data
        return data


@cache
def _edit_form_class(kind: OfferKind) -> type[OfferEditForm]:
    # The sub-form's own period and quantity replace the general ones (WTForms drops fields set to None).
    dropped = {key: None for key in PERIOD_KEYS if has_field(kind, key)}
    if kind in QUANTITY_FIELDS:
        dropped["quantity"] = None
    return type(
        f"OfferEditForm[{kind.value}]",
        (OfferEditForm,),
        {"kind": kind, kind.value: FormField(KIND_FORMS[kind]), **dropped},
    )
