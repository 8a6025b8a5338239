"""Password policy: long enough, not a well-known password, not the account's own name or address."""

from __future__ import annotations

import gzip
import re
from functools import cache
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext

#: Django's list of 20 000 common passwords, lower case (see data/NOTICE.md).
COMMON_PASSWORDS = Path(__file__).parent / "data" / "common-passwords.txt.gz"
#: Shorter pieces of a name or address ("Li", "ab") would forbid too many good passwords.
MIN_PERSONAL_PART = 4


class PasswordRejected(ValueError):
    """The password breaks the policy; ``problems`` are the messages to show."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = problems


@cache
def common_passwords() -> frozenset[str]:
    """Read once per process."""
    with gzip.open(COMMON_PASSWORDS, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines)


def personal_words(email: str, display_name: str) -> tuple[set[str], set[str]]:
    """(whole values the password must not equal, parts it must not contain), in lower case."""
    local = email.partition("@")[0].lower()
    name = display_name.lower()
    whole = {local, name, name.replace(" ", "")} - {""}
    parts = whole | set(re.split(r"[\s._+\-]+", local)) | set(name.split())
    return whole, {part for part in parts if len(part) >= MIN_PERSONAL_PART}


def password_problems(password: str, email: str, display_name: str) -> list[str]:
    """What is wrong with ``password`` for this account; an empty list when it is fine."""
    problems = []
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        problems.append(
            ngettext(
                "Das Passwort muss mindestens %(num)d Zeichen lang sein.",
                "Das Passwort muss mindestens %(num)d Zeichen lang sein.",
                minimum,
            )
        )
    folded = password.lower()
    if folded in common_passwords():
        problems.append(_("Dieses Passwort ist sehr verbreitet und leicht zu erraten. Bitte wählen Sie ein anderes."))
    whole, parts = personal_words(email, display_name)
    if folded in whole or any(part in folded for part in parts):
        problems.append(_("Das Passwort darf weder Ihren Namen noch Ihre E-Mail-Adresse enthalten."))
    return problems


def check_password_policy(password: str, email: str, display_name: str) -> None:
    """:raise PasswordRejected: with every reason at once, so the user fixes them in one go."""
    problems = password_problems(password, email, display_name)
    if problems:
        raise PasswordRejected(problems)
