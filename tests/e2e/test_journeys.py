"""The journeys of issue 5, each in a real browser, each ending with a screenshot artefact."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from app.accounts.models import Role
from app.extensions import db
from app.needs.models import Need
from app.offers.models import Offer, OfferKind
from tests.e2e.conftest import log_in_browser, screenshot
from tests.factories import make_need, make_offer, make_organisation, make_person, make_user


def focus_is_visible(page: Page) -> bool:
    """The focused element draws an outline or a box shadow (WCAG 2.4.7).

    A date field's calendar button lives in the browser's own shadow tree: the field is then active
    without matching :focus, and Chromium rings the button itself.
    """
    return page.evaluate(
        """() => { const e = document.activeElement, s = getComputedStyle(e);
                   if (e.type === 'date' && !e.matches(':focus')) return true;
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


@pytest.fixture
def coordinator_with_a_need(app):
    organisation = make_organisation(email="kontakt@listholze.example", contact_name="Sara Yilmaz")
    need = make_need(
        organisation,
        title="Dolmetschen beim Kinderarzt",
        description="Arabisch, Termin am Vormittag",
        district="Vahrenwald",
        required_languages=["ar"],
    )
    for first, last, languages in (("Amira", "Haddad", ["ar", "de"]), ("Jonas", "Berg", ["de", "en"])):
        person = make_person(first, last, languages=languages, district="List")
        make_offer(person, OfferKind.INTERPRETING, description="Dolmetschen beim Arzt")
    user = make_user(Role.COORDINATOR)
    db.session.commit()
    return user, need


def test_a_coordinator_approves_a_suggested_match_and_both_sides_get_mail(
    page, coordinator_with_a_need, runner, smtp_server
):
    user, need = coordinator_with_a_need
    log_in_browser(page, user.email)
    page.goto(f"/intern/bedarfe/{need.public_id}")
    page.get_by_role("link", name="Passende Angebote finden").click()
    rows = page.locator("tbody tr")
    expect(rows.first).to_contain_text("Amira Haddad")
    expect(rows.first).to_contain_text("Arabisch")
    expect(page.get_by_text("Jonas Berg")).to_have_count(0)  # lacks the required language
    rows.first.get_by_role("button", name="Zusagen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vermittlung")
    screenshot(page, "journey-coordinator-approved")

    result = runner.invoke(args=["outbox", "send"])
    assert "sent 2" in result.output, result.output
    recipients = sorted(message["To"] for message in smtp_server.messages)
    assert recipients == ["amira.haddad@example.org", "kontakt@listholze.example"]


def test_a_citizen_offers_interpreting_in_arabic_and_confirms_by_the_mail_link(page, app, runner, smtp_server):
    page.goto("/helfen/angebot?lang=ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.locator('input[name="kinds"][value="interpreting"]').check()
    page.locator("#interpreting-languages-0-language").select_option("ar")
    page.locator("#first_name").fill("Amira")
    page.locator("#last_name").fill("Haddad")
    page.locator("#email").fill("amira.haddad@example.org")
    page.locator("#district").select_option(label="Linden-Süd")
    page.locator("#consent").check()
    page.locator("form.offer-form button[type=submit]").click()
    page.wait_for_url("**/helfen/danke**")
    expect(page.locator("html")).to_have_attribute("lang", "ar")

    result = runner.invoke(args=["outbox", "send"])
    assert "sent 1" in result.output, result.output
    [mail] = smtp_server.messages
    text = mail.get_body(preferencelist=("plain",)).get_content()
    assert re.search(r"[\u0600-\u06FF]", text), "the opt-in mail is written in Arabic"
    confirm_path = re.search(r"https?://[^/\s]+(/helfen/bestaetigen/\S+)", text).group(1)
    page.goto(confirm_path)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    screenshot(page, "journey-citizen-arabic-confirmed")
    db.session.expire_all()
    offer = db.session.query(Offer).one()
    assert offer.status.value == "new" and offer.person.locale == "ar"


def _tab_to(page: Page, selector: str, limit: int = 150) -> None:
    """Press Tab until ``selector`` has the focus, checking each stop shows it."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        assert focus_is_visible(page), page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} not reached with Tab")


def test_the_offer_form_works_with_the_keyboard_alone_and_announces_errors(page):
    page.goto("/helfen/angebot")
    _tab_to(page, "form.offer-form button[type=submit]")
    page.keyboard.press("Enter")
    # The error summary takes the focus (role=alert), and each field names its message.
    expect(page.locator("#error-summary")).to_be_focused()
    first_name = page.locator("#first_name")
    described = first_name.get_attribute("aria-describedby") or ""
    assert any(page.locator(f"#{ref}").count() for ref in described.split()), described
    # Every step again by keyboard: links of the summary lead to the fields, nothing typed is lost.
    _tab_to(page, 'input[name="kinds"][value="other"]')
    page.keyboard.press("Space")
    _tab_to(page, "#other-description")
    page.keyboard.type("Fahrräder reparieren")
    _tab_to(page, "#first_name")
    page.keyboard.type("Jonas")
    page.keyboard.press("Tab")
    page.keyboard.type("Berg")
    page.keyboard.press("Tab")
    page.keyboard.type("jonas.berg@example.org")
    _tab_to(page, "#district")
    page.keyboard.type("Linden-S")  # a select takes typed letters
    _tab_to(page, "#consent")
    page.keyboard.press("Space")
    _tab_to(page, "form.offer-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/helfen/danke**")
    screenshot(page, "journey-keyboard-offer-thanks")
