"""Labels for roles, account states and the fields of an account's audit trail."""

from flask_babel import lazy_gettext as _l

from app.accounts.models import Role

ROLE_LABELS = {
    Role.ADMIN: _l("Administration"),
    Role.COORDINATOR: _l("Koordination"),
    Role.HOTLINE: _l("Hotline"),
    Role.ORG_MEMBER: _l("Mitglied einer Organisation"),
}

#: Filter values of the accounts list and what they select.
STATUS_LABELS = {
    "active": _l("Aktiv"),
    "invited": _l("Eingeladen"),
    "inactive": _l("Deaktiviert"),
}

FIELD_LABELS = {
    "email": _l("E-Mail-Adresse"),
    "display_name": _l("Name"),
    "password_hash": _l("Passwort"),
    "role": _l("Rolle"),
    "organisation_id": _l("Organisation (interne Nummer)"),
    "locale": _l("Sprache"),
    "is_active": _l("Aktiv"),
    "last_login_at": _l("Letzte Anmeldung"),
    "session_epoch": _l("Abmeldungen auf allen Geräten"),
}


def account_status(user) -> str:
    """One of the STATUS_LABELS keys."""
    if not user.is_active:
        return "inactive"
    return "invited" if user.is_invited else "active"
