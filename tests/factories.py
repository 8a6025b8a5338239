"""Small factories for rows the tests need; services are used where they exist."""

from __future__ import annotations

from werkzeug.security import generate_password_hash

from app.accounts.models import Role, User
from app.extensions import db
from app.organisations.models import Organisation, OrganisationKind

#: A cheap hash keeps the suite fast; production uses Werkzeug's default (scrypt).
FAST_HASH = "pbkdf2:sha256:1000"


def make_organisation(name: str = "Unterkunft Am Listholze", **fields) -> Organisation:
    organisation = Organisation(name=name, kind=OrganisationKind.SHARED_HOUSING, district="List", **fields)
    db.session.add(organisation)
    db.session.flush()
    return organisation


def make_user(role: Role, email: str | None = None, password: str = "richtig-langes-passwort", **fields) -> User:
    user = User(
        email=email or f"{role.value}@example.org",
        display_name=fields.pop("display_name", role.value.title()),
        role=role,
        password_hash=generate_password_hash(password, method=FAST_HASH),
        **fields,
    )
    db.session.add(user)
    db.session.flush()
    return user
