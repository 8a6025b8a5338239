"""The public offer form: one person, one or more kinds of offer."""

from __future__ import annotations

from functools import cache

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    TelField,
)
from wtforms.validators import Email, InputRequired, Length, Optional

from app.core.forms import (
    BaseForm,
    MultiCheckboxField,
    blank_to_none,
    error_items,
    options,
    strip,
    valid_phone,
)
from app.core.i18n import current_locale_code
from app.offers import vocabulary as v
from app.offers.kind_forms import (
    DonationForm,
    HousingForm,
    InterpretingForm,
    LanguageSupportForm,
    LocatedForm,
    MentoringForm,
    MinorsSupportForm,
    OtherForm,
    PremisesForm,
    check_period,
    date_field,
    language_options,
    location_fields,
    long_text,
    short_text,
)
from app.offers.models import KIND_VALUES, OfferKind
from app.offers.services import Location, OfferData, PersonData
from app.people.availability import DAYS, SLOTS, encode, slot_key


class OfferForm(LocatedForm, BaseForm):
    kinds = MultiCheckboxField(
        _l("Wie möchten Sie helfen?"),
        choices=options((kind.value, label) for kind, label in v.KIND_LABELS.items()),
        validators=[InputRequired(message=_l("Bitte wählen Sie mindestens eine Art der Hilfe."))],
    )
    language_support = FormField(LanguageSupportForm)
    interpreting = FormField(InterpretingForm)
    mentoring = FormField(MentoringForm)
    minors_support = FormField(MinorsSupportForm)
    housing = FormField(HousingForm)
    premises = FormField(PremisesForm)
    donation = FormField(DonationForm)
    other = FormField(OtherForm)

    first_name = short_text(_l("Vorname"), _l("Bitte geben Sie Ihren Vornamen an."), max_length=100)
    last_name = short_text(_l("Nachname"), _l("Bitte geben Sie Ihren Nachnamen an."), max_length=100)
    email = EmailField(
        _l("E-Mail-Adresse"),
        validators=[
            InputRequired(
                message=_l("Bitte geben Sie Ihre E-Mail-Adresse an. Wir schicken Ihnen einen Bestätigungslink.")
            ),
            Length(max=254),
            Email(
                message=_l("Bitte geben Sie eine gültige E-Mail-Adresse an, zum Beispiel name@beispiel.de."),
                check_deliverability=False,
            ),
        ],
        filters=[strip],
    )
    phone = TelField(_l("Telefon"), validators=[Optional(), Length(max=40), valid_phone], filters=[blank_to_none])
    languages = MultiCheckboxField(_l("Welche Sprachen sprechen Sie?"))
    other_languages = short_text(_l("Weitere Sprachen"))
    skills = long_text(_l("Was können Sie gut? Berufe, Erfahrungen, Kenntnisse"))
    district, postcode, street, town = location_fields()
    travel_radius_km = SelectField(
        _l("Wie weit würden Sie fahren?"),
        choices=options(
            [
                ("", _l("keine Angabe")),
                ("1", _l("bis 1 km")),
                ("3", _l("bis 3 km")),
                ("5", _l("bis 5 km")),
                ("10", _l("bis 10 km")),
                ("25", _l("bis 25 km")),
            ]
        ),
        validators=[Optional()],
    )
    availability = MultiCheckboxField(
        _l("Wann haben Sie Zeit?"),
        choices=options(
            (slot_key(day, slot), f"{v.DAY_LABELS[day]} {v.SLOT_LABELS[slot]}") for day in DAYS for slot in SLOTS
        ),
    )
    available_from = date_field(_l("Ab wann?"))
    available_until = date_field(_l("Bis wann?"))
    consent = BooleanField(
        _l(
            "Ich habe die Datenschutzhinweise gelesen und bin einverstanden, dass die Koordinierungsstelle meine Angaben zur Vermittlung speichert."
        ),
        validators=[InputRequired(message=_l("Ohne Ihre Einwilligung dürfen wir Ihre Angaben nicht speichern."))],
    )
    alerts = BooleanField(_l("Schreiben Sie mir, wenn ein neuer Bedarf auf der Bedarfsliste zu meinem Angebot passt."))
    #: The public id of the need on the board this offer pledges help for ("I can help with this").
    need = HiddenField()
    #: Honeypot: hidden from people, filled in by bots.
    website = StringField(_l("Bitte lassen Sie dieses Feld leer"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.setup_places()
        for located in ("housing", "premises"):
            if located in self:
                self[located].form.setup_places()
        spoken, interpreted = language_options(current_locale_code())
        self.languages.choices = spoken
        if "interpreting" in self:
            for entry in self.interpreting.form.languages.entries:
                entry.form.language.choices = interpreted

    @classmethod
    def for_submission(cls, kinds: list[str]) -> type[OfferForm]:
        """The form with only the sub-forms of ``kinds``, for checking a POST.

        Building all eight sub-forms is most of a submission's cost; the full
        form is needed only to show the page again.
        """
        return _form_with_kinds(frozenset(kinds) & KIND_VALUES)

    @property
    def chosen_kinds(self) -> list[OfferKind]:
        return [OfferKind(value) for value in self.kinds.data or () if value in KIND_VALUES]

    @property
    def is_spam(self) -> bool:
        return bool(self.website.data)

    def validate(self, extra_validators=None) -> bool:
        """Validate the person and only the kinds of offer that were chosen.

        Mirrors ``wtforms.Form.validate`` (inline ``validate_<field>`` checks
        included) but skips the sub-forms of kinds nobody asked for.
        """
        chosen = {kind.value for kind in self.chosen_kinds}
        extra_validators = extra_validators or {}
        self._errors = None
        success = True
        for name, field in self._fields.items():
            if name in KIND_VALUES and name not in chosen:
                continue
            inline = getattr(self.__class__, f"validate_{name}", None)
            extra = [*extra_validators.get(name, ()), *([inline] if inline else [])]
            success = field.validate(self, extra) and success
        return success

    def validate_available_until(self, field) -> None:
        check_period(self.available_from, field)

    def to_submission(self, locale: str) -> tuple[PersonData, list[OfferData]]:
        person = PersonData(
            first_name=self.first_name.data,
            last_name=self.last_name.data,
            email=self.email.data,
            phone=self.phone.data,
            locale=locale,
            languages=list(self.languages.data or ()),
            other_languages=self.other_languages.data,
            skills=self.skills.data,
            location=Location(self.district.data or None, self.postcode.data or None, self.street.data, self.town.data),
            travel_radius_km=int(self.travel_radius_km.data) if self.travel_radius_km.data else None,
            availability=encode(self.availability.data or ()),
            alerts=bool(self.alerts.data),
        )
        offers = [
            offer_data(kind, getattr(self, kind.value).data, self.available_from.data, self.available_until.data)
            for kind in self.chosen_kinds
        ]
        return person, offers

    def error_summary(self) -> list[tuple[str, str]]:
        return list(error_items(self, only={kind.value for kind in self.chosen_kinds}))


#: The sub-form field holding an offer's own words, where it is not ``description``.
TEXT_FIELDS = {OfferKind.MINORS_SUPPORT: "activities", OfferKind.DONATION: "items"}
#: The sub-form field that says how much is offered.
QUANTITY_FIELDS = {OfferKind.HOUSING: "persons", OfferKind.DONATION: "quantity"}
LOCATION_KEYS = ("district", "postcode", "street", "town")


def _location(data: dict) -> Location:
    return Location(**{key: data.pop(key) or None for key in LOCATION_KEYS})


def offer_data(kind: OfferKind, sub_data: dict, start, end) -> OfferData:
    """Turn one kind's sub-form answers into the service's plain data."""
    data = dict(sub_data)
    location = _location(data) if "district" in data else None
    if kind is OfferKind.INTERPRETING:
        data["languages"] = [
            {"code": entry["language"], "level": entry["level"]} for entry in data["languages"] if entry["language"]
        ]
    return OfferData(
        kind=kind,
        description=data.pop(TEXT_FIELDS.get(kind, "description"), None),
        quantity=data.get(QUANTITY_FIELDS[kind]) if kind in QUANTITY_FIELDS else None,
        available_from=data.pop("available_from", None) or start,
        available_until=data.pop("available_until", None) or end,
        location=location,
        details=data,
    )


@cache
def _form_with_kinds(kinds: frozenset[str]) -> type[OfferForm]:
    # WTForms drops a field that a subclass sets to None.
    dropped = {kind: None for kind in KIND_VALUES - kinds}
    return type("OfferSubmissionForm", (OfferForm,), dropped)
