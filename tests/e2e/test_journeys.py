"""The journeys of issue 5, each in a real browser, each ending with a screenshot artefact."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from app.accounts.models import Role
from app.extensions import db
from app.needs.models import Need
from app.offers.models import Offer
from tests.e2e.conftest import log_in_browser, screenshot
from tests.factories import make_organisation, make_person, make_user


def focus_is_visible(page: Page) -> bool:
    """The focused element draws an outline or a box shadow (WCAG 2.4.7)."""
    return page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
                   return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'; }"""
    )


@pytest.fixture
def hotline_user(app):
    make_person("Anna", "Mueller", phone="+49 511 1234567", district="Linden-Nord")
    user = make_user(Role.HOTLINE)
    db.session.commit()
    return user


def test_hotline_enters_a_phone_offer_by_keyboard_and_is_warned_of_a_duplicate(page, hotline_user):
    log_in_browser(page, hotline_user.email)
    page.goto("/intern/hotline")
    # The first name has the focus; everything below is typed, tabbed and pressed.
    page.keyboard.type("Anna")
    assert focus_is_visible(page)
    page.keyboard.press("Tab")
    page.keyboard.type("Müller")
    page.keyboard.press("Tab")
    page.keyboard.type("0511 1234567")
    warning = page.locator("#duplicate-warning")
    expect(warning).to_contain_text("vielleicht schon bekannt")
    expect(warning).to_contain_text("Anna Mueller")
    page.get_by_label("Nein, neue Person anlegen").focus()
    page.keyboard.press("Space")
    page.get_by_role("checkbox", name="Dolmetschen", exact=True).focus()
    page.keyboard.press("Space")
    assert focus_is_visible(page)
    page.locator("#interpreting-languages-0-language").select_option(label="Arabisch")
    page.locator("#district").select_option(label="Linden-Süd")
    page.get_by_label("Einwilligung am Telefon eingeholt").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    expect(page.locator(".reference").first).to_have_text(re.compile(r"HN-\d{4}-\d{5}"))
    screenshot(page, "journey-hotline-saved")
    db.session.expire_all()
    assert db.session.query(Offer).count() == 2


@pytest.fixture
def operator(app):
    organisation = make_organisation()
    user = make_user(Role.ORG_MEMBER, organisation=organisation)
    db.session.commit()
    return user


def test_an_operator_posts_a_need(page, operator):
    log_in_browser(page, operator.email)
    page.goto("/intern/bedarfe/neu")
    page.get_by_role("combobox", name=re.compile("^Welche Art")).select_option(label="Dolmetschen")
    page.get_by_label("Kurzer Titel").fill("Dolmetschen beim Kinderarzt")
    page.get_by_label("Beschreibung").fill("Termin am Vormittag, Arabisch und Deutsch")
    page.get_by_role("group", name="Erforderliche Sprachen").get_by_label("Arabisch").check()
    page.get_by_role("button", name="Bedarf eintragen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dolmetschen beim Kinderarzt")
    screenshot(page, "journey-operator-need")
    db.session.expire_all()
    need = db.session.query(Need).one()
    assert need.required_languages == ["ar"]
    assert need.organisation_id == operator.organisation_id
