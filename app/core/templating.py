"""Template filters shared by every page."""

from __future__ import annotations

from babel import Locale
from babel.dates import format_time, get_day_names
from flask import Flask
from flask_babel import get_locale
from markupsafe import Markup

from app.core.city import OpeningHours


def _day_range(days: tuple[int, ...], locale: Locale) -> str:
    names = get_day_names("wide", locale=locale)
    if len(days) > 2 and list(days) == list(range(days[0], days[-1] + 1)):
        return f"{names[days[0]]} – {names[days[-1]]}"
    return ", ".join(names[day] for day in days)


def opening_hours(hours: tuple[OpeningHours, ...]) -> list[tuple[str, str]]:
    """[("Montag – Donnerstag", "09:00–17:00"), ...] as the current locale writes it."""
    locale = get_locale()  # with the country: en_GB writes 09:00, plain en 9:00 AM
    return [
        (
            _day_range(h.days, locale),
            f"{format_time(h.opens, 'short', locale=locale)}–{format_time(h.closes, 'short', locale=locale)}",
        )
        for h in hours
    ]


def german(value: object) -> object:
    """A German name from city.toml marked as German on a page in another language (WCAG 3.1.2).

    ``{{ city.office.name | german }}``; inside a sentence pass it in as it comes back:
    ``{% trans body=city.accessibility.enforcement_body | german %}``. The value itself is escaped;
    ``dir="ltr"`` keeps a name ending in "(NBGG)" whole on right-to-left pages. German pages
    (and Einfache Sprache) get the value unchanged.
    """
    locale = get_locale()
    if value is None or value == "" or locale is None or locale.language == "de":
        return value
    return Markup('<span lang="de" dir="ltr">{}</span>').format(value)


def register_filters(app: Flask) -> None:
    from app.core.audit import action_label, display_value

    app.add_template_filter(opening_hours, "opening_hours")
    app.add_template_filter(german, "german")
    app.add_template_filter(display_value, "audit_value")
    app.add_template_global(action_label, "audit_action_label")
