"""An admin's first login: sent to set up the second factor, reads the key, enters a code, lands in the back office."""

from __future__ import annotations

import time

import pyotp
import pytest
from playwright.sync_api import expect

from app.accounts.models import Role
from app.extensions import db
from tests.e2e.conftest import accessibility_violations, screenshot
from tests.factories import make_user


@pytest.fixture
def config_overrides():
    return {"SECOND_FACTOR_ROLES": ("admin",)}


def test_admin_sets_up_the_second_factor_and_logs_in_with_a_code(page, app):
    admin = make_user(Role.ADMIN)
    db.session.commit()

    page.goto("/anmelden")
    page.get_by_label("E-Mail-Adresse").fill(admin.email)
    page.get_by_label("Passwort").fill("richtig-langes-passwort")
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/intern/zwei-faktor")
    expect(page.get_by_role("img", name="QR-Code")).to_be_visible()
    assert accessibility_violations(page) == []
    screenshot(page, "second-factor-setup")

    # Someone who cannot scan types the key shown as text.
    key = page.locator("#second-factor-key").inner_text().replace(" ", "")
    code = page.get_by_label("Sechsstelliger Code aus der App")
    expect(code).to_have_attribute("autocomplete", "one-time-code")
    code.fill(pyotp.TOTP(key).now())
    page.get_by_role("button", name="Zweiten Faktor einrichten").click()
    page.wait_for_url("**/intern")
    expect(page.get_by_text("Der zweite Faktor ist eingerichtet")).to_be_visible()
    page.goto("/intern/konten")
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    # The next login asks for a code after the password.
    page.get_by_role("button", name="Abmelden").click()
    page.goto("/anmelden")
    page.get_by_label("E-Mail-Adresse").fill(admin.email)
    page.get_by_label("Passwort").fill("richtig-langes-passwort")
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/anmelden/code")
    assert accessibility_violations(page) == []
    screenshot(page, "second-factor-code")
    # The code of the next step (within the window): the one of this step was used up by the setup.
    totp = pyotp.TOTP(key)
    page.get_by_label("Sechsstelliger Code aus der App").fill(totp.at(time.time() + totp.interval))
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/intern")
    screenshot(page, "second-factor-back-office")
