"""The password policy: length, common passwords, the account's own name and address; scrypt hashes."""

from __future__ import annotations

import pytest
from werkzeug.security import check_password_hash

from app.accounts.models import Role, User
from app.accounts.passwords import PasswordRejected, check_password_policy, common_passwords, password_problems
from config import Config

EMAIL = "kim.koordination@example.org"
NAME = "Kim Koordination"


@pytest.mark.parametrize(
    "password",
    ["Wolkenkratzer über Linden", "zwölf Zeichen", "Hannover 96 wird Meister", "k1m-ist-toll-!"],
)
def test_good_passwords_pass(app, password):
    assert password_problems(password, EMAIL, NAME) == []


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("kurz", "mindestens 12 Zeichen"),
        ("elf zeichen", "mindestens 12 Zeichen"),
        ("qwerty123456", "sehr verbreitet"),
        ("PASSWORD1234", "sehr verbreitet"),
        ("kim.koordination", "Namen noch Ihre E-Mail-Adresse"),
        ("meine-Koordination-2026", "Namen noch Ihre E-Mail-Adresse"),
        ("KimKoordination", "Namen noch Ihre E-Mail-Adresse"),
    ],
)
def test_weak_passwords_are_refused_with_a_clear_message(app, password, expected):
    problems = password_problems(password, EMAIL, NAME)
    assert len(problems) == 1 and expected in problems[0]


def test_every_reason_is_given_at_once(app):
    with pytest.raises(PasswordRejected) as rejected:
        check_password_policy("kim", "kim@example.org", "Kim")
    assert len(rejected.value.problems) == 3  # too short, common and the own name


def test_short_name_parts_do_not_forbid_ordinary_passwords(app):
    # "Li" and "ab" are too short to count: they hide in many good passwords.
    assert password_problems("Kaffee mit Milch bitte", "li.ab@example.org", "Li Ab") == []


def test_minimum_length_comes_from_the_settings(app):
    app.config["PASSWORD_MIN_LENGTH"] = 20
    assert password_problems("Wolkenkratzer Lindens", EMAIL, NAME) == []
    assert "mindestens 20 Zeichen" in password_problems("nur neunzehn Zeiche", EMAIL, NAME)[0]


def test_the_common_list_is_djangos_and_read_once(app):
    assert len(common_passwords()) > 19_000 and "password" in common_passwords()
    assert common_passwords() is common_passwords()


def test_production_hashes_with_scrypt(make_app):
    assert Config.PASSWORD_HASH_METHOD == "scrypt"
    with make_app(PASSWORD_HASH_METHOD=Config.PASSWORD_HASH_METHOD).app_context():
        user = User(email=EMAIL, display_name=NAME, role=Role.HOTLINE)
        user.set_password("Wolkenkratzer über Linden")
    assert user.password_hash.startswith("scrypt:")
    assert check_password_hash(user.password_hash, "Wolkenkratzer über Linden")
