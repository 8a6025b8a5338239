"""Form building blocks shared by every feature."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

import phonenumbers
from babel import support
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField, SelectChoice, SelectMultipleField
from wtforms.i18n import messages_path
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.core.i18n import current_locale_code
from app.core.text import clean_input

#: Region used to read phone numbers typed without a country code.
PHONE_REGION = "DE"


def strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def blank_to_none(value: Any) -> Any:
    value = strip(value)
    return value or None


def options(pairs, optgroup: str | None = None) -> list[SelectChoice]:
    """WTForms choices from (value, label) pairs, optionally inside an <optgroup>."""
    return [SelectChoice(value, label, optgroup=optgroup) for value, label in pairs]


@cache
def _wtforms_catalogue(locale: str) -> support.Translations:
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class _WTFormsMessages:
    """WTForms' built-in messages in the user's language.

    Flask-WTF reads the catalogue from disk on every request; this reads each
    language once per process.
    """

    def gettext(self, string: str) -> str:
        return _wtforms_catalogue(current_locale_code()).ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return _wtforms_catalogue(current_locale_code()).ungettext(singular, plural, n)


WTFORMS_MESSAGES = _WTFormsMessages()


def clean_submitted(value: Any) -> Any:
    """:func:`clean_input` for a field's string, or each string of a multiple choice."""
    if isinstance(value, str):
        return clean_input(value)
    if isinstance(value, list):
        return [clean_input(item) if isinstance(item, str) else item for item in value]
    return value


class _Meta:
    """What every form shares: messages in the user's language, and submitted text cleaned.

    The cleaning is the first filter of every field, so every string any form takes (and
    the query-string filters) is stored and shown back the same way, before validators
    count its length.
    """

    def get_translations(self, form):
        return WTFORMS_MESSAGES

    def bind_field(self, form, unbound_field, options):
        # Containers cannot take filters; the fields inside them get it.
        if not issubclass(unbound_field.field_class, (FormField, FieldList)):
            filters = (clean_submitted, *unbound_field.kwargs.get("filters", ()))
            options = {**options, "filters": filters}
        return unbound_field.bind(form=form, **options)


class BaseForm(FlaskForm):
    """A page's form: CSRF from Flask-WTF, messages in the user's language, text cleaned."""

    class Meta(_Meta, FlaskForm.Meta):
        pass


class SubForm(Form):
    """A nested form (no CSRF of its own) whose messages follow the user's language, text cleaned."""

    class Meta(_Meta):
        pass


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        # An unknown value is tampering, not a user error worth a message per item.
        if self.data and not set(self.data) <= {value for value, *_ in self.iter_choices()}:
            raise ValidationError(_l("Bitte wählen Sie nur aus den angebotenen Möglichkeiten."))


def parse_phone(raw: str) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(raw, PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def to_e164(raw: str | None) -> str | None:
    number = parse_phone(raw) if raw else None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) if number else None


def valid_phone(form, field) -> None:
    if field.data and parse_phone(field.data) is None:
        raise ValidationError(_l("Bitte geben Sie eine gültige Telefonnummer an, zum Beispiel 0511 1234567."))


def error_items(form: Form, only: set[str] | None = None) -> Iterator[tuple[str, str]]:
    """(field id, message) for every error, in page order, for the error summary.

    ``only`` limits the nested forms looked at to the named ones (the chosen
    offer kinds); the CSRF field is left to the page's own notice.
    """
    for field in form:
        if field.type == "FormField" and only is not None and field.name not in only:
            continue
        yield from _field_errors(field)


def aria_attrs(field, hint: object = None) -> dict[str, str]:
    """``aria-describedby``/``aria-invalid`` tying a control to its hint and error."""
    ids = [f"{field.id}-hint"] if hint else []
    if field.errors:
        ids.append(f"{field.id}-error")
    attrs = {"aria-describedby": " ".join(ids)} if ids else {}
    if field.errors:
        attrs["aria-invalid"] = "true"
    return attrs


def error_list(form: Form) -> list[tuple[str, str]]:
    """Every (field id, message) of a form, as a list templates can test for emptiness."""
    return list(error_items(form))


def own_messages(field) -> list[str]:
    """A FieldList's messages about itself, without its entries' error lists."""
    return [message for message in field.errors if not isinstance(message, (list, tuple, dict))]


def _first_control_id(field) -> str:
    first = field.entries[0]
    return next(iter(first.form)).id if first.type == "FormField" else first.id


def _field_errors(field) -> Iterator[tuple[str, str]]:
    if field.type == "FormField":
        for sub in field.form:
            yield from _field_errors(sub)
    elif field.type == "FieldList":
        # The list's own messages point at its first control.
        for message in own_messages(field):
            yield _first_control_id(field), message
        for entry in field.entries:
            yield from _field_errors(entry)
    elif field.type != "CSRFTokenField":
        for message in field.errors:
            yield field.id, message
