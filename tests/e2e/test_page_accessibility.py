"""Every page passes axe-core's WCAG 2.1 A/AA rules, public and back office (issue 5)."""

from __future__ import annotations

import pytest

from app.accounts.models import Role
from app.extensions import db
from tests.board.board_data import board_needs
from tests.e2e.conftest import accessibility_violations, log_in_browser, screenshot
from tests.factories import make_need, make_organisation, make_person, make_user

PUBLIC_PAGES = [
    "/",
    "/helfen/angebot",
    "/helfen/danke",
    "/geld-spenden",
    "/fragen",
    "/kontakt",
    "/datenschutz",
    "/impressum",
    "/barrierefreiheit",
    "/bedarfe",
    "/anmelden",
    "/passwort-vergessen",
]


@pytest.mark.parametrize("lang", ["de", "ar"])
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_no_violations(page, path, lang):
    page.goto(f"{path}?lang={lang}")
    screenshot(page, f"a11y-public-{lang}" + path.replace("/", "-"))
    assert accessibility_violations(page) == []


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_offer_form_with_errors_has_no_violations(page, lang):
    page.goto(f"/helfen/angebot?lang={lang}")
    page.locator("form.offer-form button[type=submit]").click()
    page.wait_for_selector(".kern-fieldset--error")
    screenshot(page, f"a11y-offer-form-errors-{lang}")
    assert accessibility_violations(page) == []


@pytest.fixture
def board(app):
    """The board with two needs (one urgent, with languages and a period), and one need's page."""
    needs = board_needs()
    return ["/bedarfe", f"/bedarfe/{needs['interpreters'].public_id}", "/bedarfe?art=donation"]


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_board_with_needs_has_no_violations(page, board, lang):
    found = {}
    for number, path in enumerate(board):
        response = page.goto(f"{path}{'&' if '?' in path else '?'}lang={lang}")
        assert response.status == 200, path
        screenshot(page, f"a11y-board-{lang}-{number:02d}")
        if violations := accessibility_violations(page):
            found[path] = violations
    assert found == {}


@pytest.fixture
def office(app):
    organisation = make_organisation()
    person = make_person()
    need = make_need(organisation)
    users = {role: make_user(role) for role in (Role.ADMIN, Role.COORDINATOR, Role.HOTLINE)}
    users[Role.ORG_MEMBER] = make_user(Role.ORG_MEMBER, organisation=organisation)
    db.session.commit()
    return {"users": users, "person": person, "offer": person.offers[0], "need": need, "organisation": organisation}


def _back_office_pages(office) -> dict[Role, list[str]]:
    offer, person, need = office["offer"], office["person"], office["need"]
    organisation = office["organisation"]
    return {
        Role.COORDINATOR: [
            "/intern",
            "/intern/angebote",
            f"/intern/angebote/{offer.public_id}",
            f"/intern/angebote/{offer.public_id}/bearbeiten",
            "/intern/personen",
            f"/intern/personen/{person.public_id}",
            f"/intern/personen/{person.public_id}/bearbeiten",
            "/intern/bedarfe",
            "/intern/bedarfe/neu",
            f"/intern/bedarfe/{need.public_id}",
            "/intern/organisationen",
            f"/intern/organisationen/{organisation.public_id}",
            "/intern/passwort",
            f"/intern/personen/{person.public_id}/auskunft",
            f"/intern/personen/{person.public_id}/loeschen",
            "/intern/datenschutz/verarbeitungen",
            "/intern/berichte/lage",
            "/intern/berichte",
            "/intern/berichte?von=2026-01-01&bis=2026-12-31",
        ],
        Role.HOTLINE: ["/intern", "/intern/hotline"],
        Role.ADMIN: [
            "/intern",
            "/intern/konten",
            "/intern/konten/einladen",
            f"/intern/konten/{office['users'][Role.HOTLINE].id}",
            "/intern/organisationen/neu",
        ],
        Role.ORG_MEMBER: ["/intern", "/intern/bedarfe", f"/intern/bedarfe/{need.public_id}/bearbeiten"],
    }


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.HOTLINE, Role.ADMIN, Role.ORG_MEMBER])
def test_back_office_pages_have_no_violations(page, office, role):
    log_in_browser(page, office["users"][role].email)
    found = {}
    for number, path in enumerate(_back_office_pages(office)[role]):
        response = page.goto(path)
        assert response.status == 200, path
        screenshot(page, f"a11y-{role.value}-{number:02d}")
        if violations := accessibility_violations(page):
            found[path] = violations
    assert found == {}


@pytest.mark.parametrize("path", ["/", "/helfen/angebot", "/kontakt", "/anmelden", "/bedarfe"])
def test_public_page_reflows_at_320_pixels(page, path):
    """WCAG 1.4.10: no sideways scrolling at 320 CSS px (what 1280 px at 400 % zoom leaves)."""
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(path)
    screenshot(page, "reflow-320" + path.replace("/", "-"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_hotline_screen_reflows_at_200_percent_zoom(page, office):
    """1280 px at 200 % zoom is a 640 px wide layout."""
    log_in_browser(page, office["users"][Role.HOTLINE].email)
    page.set_viewport_size({"width": 640, "height": 800})
    page.goto("/intern/hotline")
    screenshot(page, "reflow-640-hotline")
    assert page.evaluate("document.documentElement.scrollWidth") <= 640


@pytest.fixture
def signed_links(app) -> dict[str, str]:
    """The pages behind the signed links in mails: alert answers, (un)subscribing, withdrawing consent."""
    from app.alerts.models import AlertResponse, NeedAlert
    from app.alerts.services import answer_token, subscribe_token, unsubscribe_token
    from app.privacy.services import withdraw_token

    person = make_person("Amira", "Haddad", alerts=True)
    need = make_need(make_organisation(), is_public=True, borough="Linden-Limmer")
    alert = NeedAlert(need=need, person=person, offer=person.offers[0], score=80)
    db.session.add(alert)
    db.session.flush()
    links = {
        "alert-answer": f"/hinweise/antwort/{answer_token(alert, AlertResponse.CAN_HELP)}",
        "alert-unsubscribe": f"/hinweise/abmelden/{unsubscribe_token(person)}",
        "alert-subscribe": f"/hinweise/anmelden/{subscribe_token(make_person('Jonas', 'Berg'))}",
        "consent-withdraw": f"/einwilligung-widerrufen/{withdraw_token(person)}",
    }
    db.session.commit()
    return links


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_the_pages_behind_signed_mail_links_have_no_violations(page, signed_links, lang):
    for name, path in signed_links.items():
        page.goto(f"{path}?lang={lang}")
        screenshot(page, f"a11y-link-{name}-{lang}")
        assert accessibility_violations(page) == [], name


def test_the_portals_name_reads_left_to_right_on_arabic_pages(page):
    # "Helfernetz <span lang=de>Hannover</span>" in a right-to-left header was shown as "Hannover Helfernetz".
    page.goto("/?lang=ar")
    brand = page.locator(".site-header__brand").bounding_box()
    city = page.locator('.site-header__brand [lang="de"]').bounding_box()
    assert city["x"] > brand["x"] + 20, "the city's name stands after Helfernetz"
