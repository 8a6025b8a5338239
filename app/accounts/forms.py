"""Accounts: staff and organisation logins with their roles."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import Email, EqualTo, InputRequired, Length, Regexp

from app.accounts.models import Role, User
from app.accounts.services import selectable_organisations
from app.accounts.vocabulary import ROLE_LABELS, STATUS_LABELS
from app.core.forms import BaseForm, SubForm, options, strip
from app.core.i18n import back_office_languages, language_name
from app.organisations.models import Organisation

#: Long enough for a passphrase; short enough that hashing it is no denial of service.
PASSWORD_MAX = 200


def _email_field() -> EmailField:
    return EmailField(
        _l("E-Mail-Adresse"),
        filters=[strip],
        validators=[InputRequired(message=_l("Bitte geben Sie Ihre E-Mail-Adresse an.")), Length(max=254)],
    )


def _new_password_field() -> PasswordField:
    return PasswordField(
        _l("Neues Passwort"),
        validators=[InputRequired(message=_l("Bitte geben Sie ein neues Passwort an.")), Length(max=PASSWORD_MAX)],
    )


def _repeat_field() -> PasswordField:
    return PasswordField(
        _l("Neues Passwort wiederholen"),
        validators=[
            InputRequired(message=_l("Bitte geben Sie das neue Passwort noch einmal ein.")),
            EqualTo("password", message=_l("Die beiden Passwörter stimmen nicht überein.")),
        ],
    )


class LoginForm(BaseForm):
    email = _email_field()
    password = PasswordField(
        _l("Passwort"),
        validators=[InputRequired(message=_l("Bitte geben Sie Ihr Passwort an.")), Length(max=PASSWORD_MAX)],
    )


class ForgotPasswordForm(BaseForm):
    email = _email_field()


class NewPasswordForm(BaseForm):
    """Choose a password from a mail link (reset or invitation)."""

    password = _new_password_field()
    password_repeat = _repeat_field()


class ChangePasswordForm(BaseForm):
    current_password = PasswordField(
        _l("Bisheriges Passwort"),
        validators=[InputRequired(message=_l("Bitte geben Sie Ihr bisheriges Passwort an.")), Length(max=PASSWORD_MAX)],
    )
    password = _new_password_field()
    password_repeat = _repeat_field()


def _display_name_field() -> StringField:
    return StringField(
        _l("Name"),
        filters=[strip],
        validators=[InputRequired(message=_l("Bitte geben Sie den Namen an.")), Length(max=120)],
    )


def _role_field() -> SelectField:
    return SelectField(_l("Rolle"), choices=options(ROLE_LABELS.items()), default=Role.HOTLINE.value)


def _organisation_field() -> SelectField:
    # Choices are the active organisations, filled per request (with_organisations).
    return SelectField(_l("Organisation"), choices=[], default="")


def organisation_choices(current: Organisation | None = None) -> list[SelectChoice]:
    return options(
        [
            ("", _l("– keine (Mitarbeitende der Koordinierungsstelle) –")),
            *((organisation.public_id, organisation.name) for organisation in selectable_organisations(current)),
        ]
    )


class AccountForm(BaseForm):
    """What an admin may change on an account: name, role, organisation."""

    display_name = _display_name_field()
    role = _role_field()
    organisation = _organisation_field()

    @classmethod
    def for_user(cls, user: User, **kwargs) -> AccountForm:
        form = cls(
            data={
                "display_name": user.display_name,
                "role": user.role.value,
                "organisation": user.organisation.public_id if user.organisation else "",
            },
            **kwargs,
        )
        form.organisation.choices = organisation_choices(user.organisation)
        return form


class InviteForm(BaseForm):
    display_name = _display_name_field()
    email = EmailField(
        _l("E-Mail-Adresse"),
        filters=[strip],
        validators=[
            InputRequired(message=_l("Bitte geben Sie die E-Mail-Adresse an.")),
            Email(message=_l("Bitte geben Sie eine gültige E-Mail-Adresse an, zum Beispiel name@example.org.")),
            Length(max=254),
        ],
    )
    role = _role_field()
    organisation = _organisation_field()
    locale = SelectField(_l("Sprache der E-Mails"), choices=[])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organisation.choices = organisation_choices()
        # Staff read the back office and their mails in a back-office language.
        self.locale.choices = options((code, language_name(code)) for code in back_office_languages())


class UserFilterForm(SubForm):
    """The accounts list's filters (GET, no personal data in them)."""

    role = SelectField(_l("Rolle"), choices=options([("", _l("Alle Rollen")), *ROLE_LABELS.items()]), default="")
    status = SelectField(_l("Status"), choices=options([("", _l("Alle")), *STATUS_LABELS.items()]), default="")


def _code_field() -> StringField:
    # Apps show the code as "123 456": spaces are dropped before checking.
    return StringField(
        _l("Sechsstelliger Code aus der App"),
        filters=[lambda value: value.replace(" ", "") if value else value],
        validators=[
            InputRequired(message=_l("Bitte geben Sie den Code aus Ihrer Authenticator-App ein.")),
            Regexp(r"^\d{6}$", message=_l("Der Code hat sechs Ziffern.")),
        ],
    )


class CodeForm(BaseForm):
    """The second step of a login, and confirming a new key."""

    code = _code_field()


class DisableSecondFactorForm(BaseForm):
    password = PasswordField(
        _l("Passwort"),
        validators=[InputRequired(message=_l("Bitte geben Sie Ihr Passwort an.")), Length(max=PASSWORD_MAX)],
    )
    code = _code_field()
