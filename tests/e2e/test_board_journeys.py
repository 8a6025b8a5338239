"""The journeys of issue 8 in a real browser: a citizen pledges from the board in their language,
and a volunteer who asked for alerts answers an urgent need from the mail."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from app.accounts.models import Role
from app.alerts.models import AlertResponse, NeedAlert
from app.extensions import db
from app.matching.models import Match, MatchOrigin
from app.needs.models import Need
from app.offers.models import OfferKind, OfferStatus
from tests.e2e.conftest import log_in_browser, screenshot
from tests.factories import make_need, make_organisation, make_person, make_user


def staff_page(browser: Browser, live_server: str) -> Page:
    """A second browser of its own, in German, for the staff side of a journey."""
    return browser.new_context(base_url=live_server, locale="de-DE").new_page()


def mail_path(text: str, prefix: str) -> str:
    return re.search(rf"https?://[^/\s]+({prefix}\S+)", text).group(1)


def plain_text(mail) -> str:
    return mail.get_body(preferencelist=("plain",)).get_content()


@pytest.fixture
def shelter_needs(app):
    shelter = make_organisation(street="Am Listholze 31", postcode="30177")
    member = make_user(Role.ORG_MEMBER, organisation=shelter)
    jackets = make_need(
        shelter,
        title="Winterjacken für Kinder",
        kind=OfferKind.DONATION,
        quantity=20,
        is_public=True,
        district="List",
        borough="Vahrenwald-List",
    )
    elsewhere = make_organisation("Unterstützerkreis Linden")
    make_need(
        elsewhere, title="Hausaufgabenhilfe", kind=OfferKind.LANGUAGE_SUPPORT, is_public=True, borough="Linden-Limmer"
    )
    db.session.commit()
    return member, jackets


def test_a_citizen_finds_a_need_near_them_and_pledges_it_in_their_language(
    page, browser, live_server, shelter_needs, runner, smtp_server
):
    member, jackets = shelter_needs
    page.goto("/bedarfe?lang=uk")
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    page.locator('select[name="stadtbezirk"]').select_option(jackets.borough)
    page.locator("form.filter-bar button[type=submit]").click()
    cards = page.locator("ul.card-grid > li")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Winterjacken für Kinder")
    cards.first.locator('a[href*="bedarf="]').click()

    expect(page.locator('input[name="kinds"][value="donation"]')).to_be_checked()
    expect(page.locator("#donation-items")).to_have_value("Winterjacken für Kinder")
    expect(page.locator('input[name="donation-categories"][value="clothing"]')).to_be_checked()
    page.locator("#donation-quantity").fill("5")
    page.locator("#first_name").fill("Olena")
    page.locator("#last_name").fill("Kovalenko")
    page.locator("#email").fill("olena.kovalenko@example.org")
    page.locator("#district").select_option(label="Linden-Süd")
    page.locator("#consent").check()
    page.locator("form.offer-form button[type=submit]").click()
    page.wait_for_url("**/helfen/danke**")
    expect(page.locator("html")).to_have_attribute("lang", "uk")

    assert "sent 1" in runner.invoke(args=["outbox", "send"]).output
    [mail] = smtp_server.messages
    assert re.search(r"[\u0400-\u04FF]", plain_text(mail)), "the opt-in mail is written in Ukrainian"
    page.goto(mail_path(plain_text(mail), "/helfen/bestaetigen/"))
    page.locator("main form button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", "uk")

    shelter = staff_page(browser, live_server)
    log_in_browser(shelter, member.email)
    shelter.goto(f"/intern/bedarfe/{jackets.public_id}")
    expect(shelter.get_by_text("Eine Zusage wartet auf die Entscheidung der Koordinierungsstelle.")).to_be_visible()
    expect(shelter.locator("#pledges-heading + p")).to_contain_text("noch offen: 15")
    screenshot(shelter, "journey-board-pledge-seen-by-shelter")
    page.goto("/bedarfe?lang=uk")
    expect(page.locator("ul.card-grid")).to_contain_text("15")
    screenshot(page, "journey-board-pledge-board-uk")
    shelter.context.close()


@pytest.fixture
def volunteer_with_alerts(app):
    person = make_person(
        "Amira",
        "Haddad",
        kind=OfferKind.INTERPRETING,
        languages=["ar", "de"],
        skills="Dolmetschen beim Arzt",
        district="Linden-Nord",
        alerts=True,
    )
    person.offers[0].status = OfferStatus.VERIFIED
    member = make_user(Role.ORG_MEMBER, organisation=make_organisation(street="Am Listholze 31", postcode="30177"))
    db.session.commit()
    return person, member


def test_a_volunteer_gets_one_mail_for_a_fitting_urgent_need_and_answers_it(
    page, browser, live_server, volunteer_with_alerts, runner, smtp_server
):
    person, member = volunteer_with_alerts
    shelter = staff_page(browser, live_server)
    log_in_browser(shelter, member.email)
    shelter.goto("/intern/bedarfe/neu")
    shelter.get_by_role("combobox", name=re.compile("^Welche Art")).select_option(label="Dolmetschen")
    shelter.get_by_label("Kurzer Titel").fill("Dolmetschen beim Kinderarzt")
    shelter.get_by_role("group", name="Erforderliche Sprachen").get_by_label("Arabisch").check()
    shelter.get_by_label("dringend").check()
    shelter.get_by_label("Auf der öffentlichen Bedarfsliste zeigen").check()
    shelter.get_by_role("button", name="Bedarf eintragen").click()
    expect(shelter.get_by_role("heading", level=1)).to_have_text("Dolmetschen beim Kinderarzt")

    assert "sent 1" in runner.invoke(args=["outbox", "send"]).output
    [mail] = smtp_server.messages
    assert mail["To"] == person.email
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    page.goto(mail_path(plain_text(mail), "/hinweise/antwort/"))  # the first answer link: "Ich kann helfen"
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Vielen Dank für Ihre Zusage")
    screenshot(page, "journey-alert-answered")

    db.session.expire_all()
    need = db.session.query(Need).one()
    assert db.session.query(NeedAlert).one().response is AlertResponse.CAN_HELP
    assert db.session.query(Match).one().origin is MatchOrigin.ALERT
    coordinator = make_user(Role.COORDINATOR)
    db.session.commit()
    shelter.context.close()
    office = staff_page(browser, live_server)
    log_in_browser(office, coordinator.email)
    office.goto(f"/intern/bedarfe/{need.public_id}")
    expect(office.locator("main")).to_contain_text("Antwort auf einen Hinweis")
    expect(office.locator("main")).to_contain_text("Amira Haddad")
    screenshot(office, "journey-alert-answer-seen-by-office")
    office.context.close()
