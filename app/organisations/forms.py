"""Forms of the organisation pages, and the filter form the needs list shares."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, SelectChoice, SelectField, TelField
from wtforms.validators import Email, InputRequired, Length, Optional, ValidationError

from app.core.forms import BaseForm, SubForm, blank_to_none, options, valid_phone
from app.offers.kind_forms import LocatedForm, location_fields, short_text
from app.offers.services import Location
from app.organisations.models import Organisation, OrganisationKind
from app.organisations.services import OrganisationData, name_taken
from app.organisations.vocabulary import KIND_LABELS
from app.places.services import gazetteer

PLEASE_CHOOSE = _l("– bitte wählen –")
ALL = _l("alle")


def typed_location(form: LocatedForm) -> Location:
    return Location(form.district.data or None, form.postcode.data or None, form.street.data, form.town.data)


def kind_choices(labels: dict, blank: object) -> list[SelectChoice]:
    return options([("", blank), *((kind.value, label) for kind, label in labels.items())])


class OrganisationForm(LocatedForm, BaseForm):
    missing_place_message = _l(
        "Wo liegt die Organisation? Bitte wählen Sie den Stadtteil oder geben Sie die Postleitzahl an."
    )
    name = short_text(_l("Name"), _l("Bitte geben Sie den Namen der Organisation an."))
    kind = SelectField(
        _l("Art der Organisation"),
        choices=kind_choices(KIND_LABELS, PLEASE_CHOOSE),
        validators=[InputRequired(message=_l("Bitte wählen Sie die Art der Organisation."))],
    )
    district, postcode, street, town = location_fields()
    contact_name = short_text(_l("Ansprechperson"), max_length=120)
    email = EmailField(
        _l("E-Mail-Adresse"),
        validators=[
            Optional(),
            Length(max=254),
            Email(message=_l("Bitte geben Sie eine gültige E-Mail-Adresse an, zum Beispiel name@beispiel.de.")),
        ],
        filters=[blank_to_none],
    )
    phone = TelField(_l("Telefon"), validators=[Optional(), Length(max=40), valid_phone], filters=[blank_to_none])

    def __init__(self, *args, organisation: Organisation | None = None, **kwargs) -> None:
        super().__init__(*args, obj=organisation, **kwargs)
        #: The organisation being edited; its own name is not a clash.
        self.organisation = organisation
        self.setup_places()

    def validate_name(self, field) -> None:
        if name_taken(field.data, self.organisation):
            raise ValidationError(_l("Eine Organisation mit diesem Namen gibt es schon."))

    def to_data(self) -> OrganisationData:
        return OrganisationData(
            name=self.name.data,
            kind=OrganisationKind(self.kind.data),
            location=typed_location(self),
            contact_name=self.contact_name.data,
            email=self.email.data,
            phone=self.phone.data,
        )


class FilterForm(SubForm):
    """A list's filters, read from the query string; no CSRF, since nothing changes.

    Filters hold no personal data, so they may stand in the URL.
    """

    def __init__(self, formdata, **kwargs) -> None:
        super().__init__(formdata, **kwargs)
        if "borough" in self:
            self.borough.choices = options([("", ALL), *((name, name) for name in gazetteer().borough_names())])

    def filters(self) -> dict[str, Any]:
        """The chosen filters that are valid; a tampered value is ignored, not an error page."""
        self.validate()
        return {name: field.data for name, field in self._fields.items() if field.data and not field.errors}


def borough_filter() -> SelectField:
    """The Stadtbezirk filter, placed where the list's form wants it."""
    return SelectField(_l("Stadtbezirk"), default="")


ACTIVE_CHOICES = {"active": True, "inactive": False, "all": None}


class OrganisationFilterForm(FilterForm):
    kind = SelectField(_l("Art"), choices=kind_choices(KIND_LABELS, ALL), default="")
    borough = borough_filter()
    active = SelectField(
        _l("Status"),
        choices=options([("active", _l("aktiv")), ("inactive", _l("deaktiviert")), ("all", ALL)]),
        default="active",
    )

    def query_filters(self) -> dict[str, Any]:
        chosen = self.filters()
        chosen["active"] = ACTIVE_CHOICES[chosen.get("active", "active")]
        return chosen
