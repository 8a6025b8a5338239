"""The offer form's building blocks: field helpers and one sub-form per kind of offer."""

from __future__ import annotations

from functools import cache

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from app.core.forms import MultiCheckboxField, SubForm, blank_to_none, options, strip
from app.core.i18n import language_name
from app.offers import vocabulary as v
from app.places.gazetteer import Gazetteer
from app.places.services import gazetteer

SHORT = 200
LONG = 2000


def _presence(required_message):
    # DataRequired looks at the value after filters, so text of only spaces counts as missing.
    return [DataRequired(message=required_message)] if required_message else [Optional()]


def short_text(label, required_message=None, max_length=SHORT):
    checks = _presence(required_message)
    checks.append(Length(max=max_length, message=_l("Höchstens %(max)d Zeichen.")))
    return StringField(label, validators=checks, filters=[blank_to_none])


def long_text(label, required_message=None):
    checks = _presence(required_message)
    checks.append(Length(max=LONG, message=_l("Bitte fassen Sie sich kürzer (höchstens %(max)d Zeichen).")))
    return TextAreaField(label, validators=checks, filters=[blank_to_none])


def count(label, maximum=10_000):
    return IntegerField(
        label,
        validators=[
            Optional(),
            NumberRange(min=1, max=maximum, message=_l("Bitte eine Zahl von %(min)s bis %(max)s.")),
        ],
    )


def date_field(label):
    return DateField(label, validators=[Optional()])


def check_period(start, end) -> None:
    if start.data and end.data and end.data < start.data:
        raise ValidationError(_l("Das Ende darf nicht vor dem Beginn liegen."))


def location_fields():
    """Stadtteil, postcode, street and town, created where the form places them."""
    return (
        # No Optional(): it would stop the chain before validate_district runs.
        SelectField(_l("Stadtteil"), default=""),
        StringField(_l("Postleitzahl"), validators=[Optional()], filters=[strip]),
        short_text(_l("Straße und Hausnummer")),
        short_text(_l("Ort"), max_length=100),
    )


@cache
def district_options(places: Gazetteer) -> list[SelectChoice]:
    """Stadtteile grouped by Stadtbezirk; built once per process (the form is built per request)."""
    return options([("", _l("– bitte wählen –"))]) + [
        choice
        for borough, names in places.grouped_by_borough()
        for choice in options(((name, name) for name in names), optgroup=borough)
    ]


@cache
def language_options(locale: str) -> tuple[list[SelectChoice], list[SelectChoice]]:
    """The language picker sorted as ``locale`` writes the names, with and without a blank first option."""
    names = sorted(((code, language_name(code, locale)) for code in v.PICKER_LANGUAGES), key=lambda c: c[1].casefold())
    return options(names), options([("", _l("– keine –")), *names])


class LocatedForm:
    """Checks shared by every form with location fields: Stadtteil or postcode."""

    #: Says whose place is missing, since a page can hold several located forms.
    missing_place_message = _l("Bitte wählen Sie Ihren Stadtteil oder geben Sie Ihre Postleitzahl an.")

    def setup_places(self) -> None:
        self.district.choices = district_options(gazetteer())

    def validate_postcode(self, field) -> None:
        if not field.data:
            return
        if not (len(field.data) == 5 and field.data.isdigit()):
            raise ValidationError(_l("Eine Postleitzahl hat fünf Ziffern, zum Beispiel 30159."))
        if gazetteer().postcode(field.data) is None:
            raise ValidationError(_l("Diese Postleitzahl kennen wir nicht. Bitte prüfen Sie sie."))

    def validate_district(self, field) -> None:
        if not field.data and not self.postcode.data:
            raise ValidationError(self.missing_place_message)


class LanguageSupportForm(SubForm):
    formats = MultiCheckboxField(
        _l("Was möchten Sie anbieten?"),
        choices=options(v.LANGUAGE_SUPPORT_FORMATS),
        validators=[InputRequired(message=_l("Bitte wählen Sie mindestens eine Form der Sprachförderung."))],
    )
    audiences = MultiCheckboxField(_l("Für wen?"), choices=options(v.AUDIENCES))
    description = long_text(_l("Möchten Sie noch etwas ergänzen?"))


class InterpretingLanguageForm(SubForm):
    language = SelectField(_l("Sprache"), validators=[Optional()])
    level = SelectField(_l("Niveau"), choices=options(v.LANGUAGE_LEVELS), default="fluent")


class InterpretingForm(SubForm):
    languages = FieldList(FormField(InterpretingLanguageForm), min_entries=3, max_entries=3)
    settings = MultiCheckboxField(_l("Wo möchten Sie dolmetschen?"), choices=options(v.INTERPRETING_SETTINGS))
    description = long_text(_l("Möchten Sie noch etwas ergänzen?"))

    def validate_languages(self, field) -> None:
        if not any(entry.form.language.data for entry in field.entries):
            raise ValidationError(_l("Bitte wählen Sie mindestens eine Sprache, in die Sie dolmetschen."))


class MentoringForm(SubForm):
    targets = MultiCheckboxField(
        _l("Wen möchten Sie begleiten?"),
        choices=options(v.MENTORING_TARGETS),
        validators=[InputRequired(message=_l("Bitte wählen Sie, wen Sie begleiten möchten."))],
    )
    focus = MultiCheckboxField(_l("Wobei möchten Sie unterstützen?"), choices=options(v.MENTORING_FOCUS))
    description = long_text(_l("Möchten Sie noch etwas ergänzen?"))


class MinorsSupportForm(SubForm):
    activities = long_text(
        _l("Was möchten Sie mit den Jugendlichen unternehmen?"),
        required_message=_l("Bitte beschreiben Sie kurz, was Sie anbieten."),
    )
    certificate = RadioField(
        _l("Haben Sie ein erweitertes Führungszeugnis?"),
        choices=options(v.CERTIFICATE_STATES),
        validators=[InputRequired(message=_l("Bitte sagen Sie uns, ob ein erweitertes Führungszeugnis vorliegt."))],
    )


class HousingForm(LocatedForm, SubForm):
    missing_place_message = _l(
        "Wo liegt der Wohnraum? Bitte wählen Sie den Stadtteil oder geben Sie die Postleitzahl an."
    )
    housing_type = RadioField(
        _l("Was bieten Sie an?"),
        choices=options(v.HOUSING_TYPES),
        validators=[InputRequired(message=_l("Bitte wählen Sie Zimmer, Wohnung oder Haus."))],
    )
    district, postcode, street, town = location_fields()
    size_m2 = count(_l("Größe in m²"))
    rooms = count(_l("Anzahl der Zimmer"), maximum=100)
    persons = count(_l("Für wie viele Personen?"), maximum=100)
    warm_rent = IntegerField(
        _l("Warmmiete in Euro pro Monat"),
        validators=[
            Optional(),
            NumberRange(min=0, max=100_000, message=_l("Bitte einen Betrag von %(min)s bis %(max)s.")),
        ],
    )
    available_from = date_field(_l("Frei ab"))
    available_until = date_field(_l("Frei bis"))
    furnished = BooleanField(_l("möbliert"))
    step_free = BooleanField(_l("barrierefrei (stufenlos erreichbar)"))
    description = long_text(_l("Möchten Sie noch etwas ergänzen?"))

    def validate_available_until(self, field) -> None:
        check_period(self.available_from, field)


class PremisesForm(LocatedForm, SubForm):
    missing_place_message = _l(
        "Wo liegt die Fläche? Bitte wählen Sie den Stadtteil oder geben Sie die Postleitzahl an."
    )
    premises_type = RadioField(
        _l("Was bieten Sie an?"),
        choices=options(v.PREMISES_TYPES),
        validators=[InputRequired(message=_l("Bitte wählen Sie die Art der Fläche oder des Raums."))],
    )
    district, postcode, street, town = location_fields()
    size_m2 = count(_l("Größe in m²"), maximum=10_000_000)
    conditions = long_text(_l("Bedingungen (Miete, Nutzung, Zustand)"))
    available_from = date_field(_l("Verfügbar ab"))
    available_until = date_field(_l("Verfügbar bis"))
    description = long_text(_l("Möchten Sie noch etwas ergänzen?"))

    def validate_available_until(self, field) -> None:
        check_period(self.available_from, field)


class DonationForm(SubForm):
    categories = MultiCheckboxField(
        _l("Was möchten Sie spenden?"),
        choices=options(v.DONATION_CATEGORIES),
        validators=[InputRequired(message=_l("Bitte wählen Sie mindestens eine Art von Sachspende."))],
    )
    items = long_text(
        _l("Welche Gegenstände genau?"),
        required_message=_l("Bitte beschreiben Sie die Gegenstände, zum Beispiel „2 Winterjacken Größe M“."),
    )
    quantity = count(_l("Wie viele Stück ungefähr?"))
    condition = RadioField(_l("Zustand"), choices=options(v.CONDITIONS), validators=[Optional()])
    handover = RadioField(_l("Übergabe"), choices=options(v.HANDOVER), validators=[Optional()])


class OtherForm(SubForm):
    description = long_text(
        _l("Was möchten Sie anbieten?"),
        required_message=_l("Bitte beschreiben Sie Ihr Angebot."),
    )
