from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField
from wtforms.validators import InputRequired, Length

from app.core.forms import BaseForm


class LoginForm(BaseForm):
    email = EmailField(
        _l("E-Mail-Adresse"),
        validators=[InputRequired(message=_l("Bitte geben Sie Ihre E-Mail-Adresse an.")), Length(max=254)],
    )
    password = PasswordField(
        _l("Passwort"),
        validators=[InputRequired(message=_l("Bitte geben Sie Ihr Passwort an.")), Length(max=200)],
    )
