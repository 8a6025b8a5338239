"""The city's own facts (office, hotline hours, departments), read from data.

Every instance belongs to one municipality; its folder under ``app/cities/``
(or any path named by the ``CITY`` setting) holds ``city.toml`` and the
gazetteer files, so another city needs no code change.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any

CITIES_DIR = Path(__file__).resolve().parent.parent / "cities"


@dataclass(frozen=True)
class OpeningHours:
    days: tuple[int, ...]  # 0 = Monday
    opens: time
    closes: time


@dataclass(frozen=True)
class Office:
    name: str
    parent: str
    phone: str
    email: str
    street: str
    postcode: str
    town: str
    hours: tuple[OpeningHours, ...]


@dataclass(frozen=True)
class Department:
    key: str
    name: str
    email: str
    kinds: tuple[str, ...]


@dataclass(frozen=True)
class City:
    name: str
    state: str
    folder: Path
    office: Office
    imprint: dict[str, str]
    privacy: dict[str, str]
    #: The accessibility statement's facts (BITV 2.0 § 7): date, method, enforcement body.
    accessibility: dict[str, Any]
    departments: tuple[Department, ...] = ()
    donation_contacts: tuple[dict[str, str], ...] = field(default_factory=tuple)


def city_folder(setting: str) -> Path:
    path = Path(setting)
    return path if path.is_absolute() else CITIES_DIR / setting


def load_city(setting: str) -> City:
    folder = city_folder(setting)
    with (folder / "city.toml").open("rb") as f:
        raw = tomllib.load(f)
    office = dict(raw["office"])
    hours = tuple(
        OpeningHours(tuple(h["days"]), time.fromisoformat(h["opens"]), time.fromisoformat(h["closes"]))
        for h in office.pop("hours")
    )
    return City(
        name=raw["name"],
        state=raw["state"],
        folder=folder,
        office=Office(hours=hours, **office),
        imprint=raw["imprint"],
        privacy=raw["privacy"],
        accessibility=raw["accessibility"],
        departments=tuple(
            Department(d["key"], d["name"], d["email"], tuple(d["kinds"])) for d in raw.get("departments", ())
        ),
        donation_contacts=tuple(raw.get("donation_contacts", ())),
    )
