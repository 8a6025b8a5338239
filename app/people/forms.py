"""Staff forms about persons, built from the public offer form's parts."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, ValidationError

from app.core.forms import BaseForm, blank_to_none, options
from app.core.i18n import language_name
from app.offers import vocabulary as v
from app.offers.forms import OfferForm
from app.offers.models import OfferKind
from app.offers.services import PersonData
from app.people.availability import DAYS, SLOTS, decode
from app.people.models import Person


def grid_context() -> dict:
    """What offers/_availability.html needs besides the form: days, slots and their labels."""
    return {
        "days": DAYS,
        "slots": SLOTS,
        "day_labels": v.DAY_LABELS,
        "slot_labels": v.SLOT_LABELS,
        "slot_headings": v.SLOT_HEADINGS,
    }


#: The person's fields as staff pages show them, first to last (see ``page_order``).
CONTACT_FIELDS = ("first_name", "last_name", "phone", "email")
PLACE_FIELDS = ("district", "postcode", "town", "street", "travel_radius_km")


class StaffPersonFields:
    """What staff type about a person beyond the public form: mail optional, the person's language."""

    email = EmailField(
        _l("E-Mail-Adresse"),
        validators=[
            Optional(),
            Length(max=254),
            Email(
                message=_l("Bitte geben Sie eine gültige E-Mail-Adresse an, zum Beispiel name@beispiel.de."),
                check_deliverability=False,
            ),
        ],
        filters=[blank_to_none],
    )
    locale = SelectField(_l("Sprache für E-Mails"), default="de")
    # Staff fill these forms in: no honeypot (a subclass's None drops the public form's field).
    website = None
    #: Top-level fields in the order the page shows them; the error summary follows it.
    page_order: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.locale.choices = options((code, language_name(code)) for code in current_app.config["LANGUAGES"])

    @property
    def is_spam(self) -> bool:
        return False

    def error_summary(self) -> list[tuple[str, str]]:
        def position(item: tuple[str, str]) -> int:
            name = item[0].split("-", 1)[0]
            return self.page_order.index(name) if name in self.page_order else len(self.page_order)

        return sorted(super().error_summary(), key=position)


class PersonForm(StaffPersonFields, OfferForm):
    """A person's own data as the offer form asks it, for staff editing a person."""

    # WTForms drops a field that a subclass sets to None: here everything about offers.
    kinds = language_support = interpreting = mentoring = minors_support = None
    housing = premises = donation = other = None
    available_from = available_until = consent = None

    page_order = (*CONTACT_FIELDS, "locale", "languages", "other_languages", "skills", *PLACE_FIELDS, "availability")

    @property
    def chosen_kinds(self) -> list[OfferKind]:
        return []

    @classmethod
    def for_person(cls, person: Person) -> PersonForm:
        """The form filled with the person's data (a POST's data wins)."""
        data = {name: getattr(person, name) for name in cls.page_order if hasattr(person, name)}
        data.update(
            languages=person.language_codes,
            availability=decode(person.availability),
            travel_radius_km=str(person.travel_radius_km or ""),
        )
        return cls(data=data)

    def to_person_data(self) -> PersonData:
        person, _offers = self.to_submission(self.locale.data)
        return person


class SearchForm(BaseForm):
    query = StringField(
        _l("Name, Telefonnummer, E-Mail-Adresse oder Angebotsnummer"),
        validators=[DataRequired(message=_l("Bitte geben Sie ein, wen Sie suchen.")), Length(max=200)],
        filters=[blank_to_none],
    )


class MergePickForm(BaseForm):
    """Which person to merge into this one: a suggested one or one named by reference."""

    candidate = RadioField(_l("Mögliche Dubletten"), validators=[Optional()], choices=[])
    reference = StringField(
        _l("Oder Angebotsnummer oder Personen-ID eingeben"), validators=[Length(max=64)], filters=[blank_to_none]
    )

    def validate_reference(self, field) -> None:
        if not field.data and not self.candidate.data:
            raise ValidationError(_l("Bitte wählen Sie eine Person oder geben Sie eine Angebotsnummer ein."))

    @property
    def chosen(self) -> str:
        return self.reference.data or self.candidate.data


class MergeConfirmForm(BaseForm):
    """The other person, confirmed after both were shown side by side."""

    other = HiddenField(validators=[InputRequired()])
