"""The main navigation: public pages for everyone, back-office sections by role."""

from __future__ import annotations

from dataclasses import dataclass

from flask import request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.accounts.models import Role

BACKOFFICE_PREFIX = "/intern"


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: object
    #: Roles that see the item; empty for public pages.
    roles: tuple[Role, ...] = ()
    #: Endpoints starting with one of these count as the item's section (aria-current).
    sections: tuple[str, ...] = ()

    def is_current(self, endpoint: str | None) -> bool:
        return bool(endpoint) and (endpoint == self.endpoint or endpoint.startswith(self.sections or "\0"))


PUBLIC = (
    NavItem("public.index", _l("Wie kann ich helfen?")),
    NavItem("board.index", _l("Wo wird gerade Hilfe gebraucht?"), sections=("board.",)),
    NavItem("offers.new", _l("Hilfe anbieten")),
    NavItem("public.donations", _l("Geld spenden")),
    NavItem("public.faq", _l("Fragen und Antworten")),
    NavItem("public.contact", _l("Kontakt")),
)

BACKOFFICE = (
    NavItem("accounts.home", _l("Übersicht"), tuple(Role)),
    NavItem("hotline.new_offer", _l("Telefonannahme"), (Role.HOTLINE, Role.COORDINATOR), ("hotline.",)),
    NavItem("screening.queue", _l("Angebote"), (Role.COORDINATOR, Role.HOTLINE), ("screening.",)),
    NavItem("people.search", _l("Personen"), (Role.COORDINATOR, Role.HOTLINE), ("people.",)),
    NavItem("needs.index", _l("Bedarfe"), (Role.COORDINATOR, Role.ORG_MEMBER), ("needs.",)),
    NavItem("matching.index", _l("Vermittlungen"), (Role.COORDINATOR,), ("matching.",)),
    NavItem("reports.index", _l("Berichte"), (Role.COORDINATOR,), ("reports.",)),
    NavItem(
        "organisations.index",
        _l("Organisationen"),
        (Role.ADMIN, Role.COORDINATOR, Role.ORG_MEMBER),
        ("organisations.",),
    ),
    NavItem("normalisation.concepts", _l("Begriffe"), (Role.ADMIN,), ("normalisation.",)),
    NavItem(
        "accounts.users",
        _l("Konten"),
        (Role.ADMIN,),
        ("accounts.user", "accounts.invite", "accounts.deactivate", "accounts.reactivate", "accounts.resend"),
    ),
    NavItem("privacy.processing_record", _l("Datenschutz"), (Role.ADMIN, Role.COORDINATOR), ("privacy.processing",)),
)


def in_backoffice() -> bool:
    return request.path.startswith(BACKOFFICE_PREFIX) and current_user.is_authenticated


def navigation() -> tuple[str, list[NavItem]]:
    """The navigation's accessible name and the items this user may use here."""
    if not in_backoffice():
        return "public", list(PUBLIC)
    return "backoffice", [item for item in BACKOFFICE if current_user.role in item.roles]
