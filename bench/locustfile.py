"""Locust users for bench/load.py: citizens submitting offers, coordinators browsing.

Run by bench/load.py as a subprocess (locust monkey-patches with gevent); not
meant to be started by hand. Options beyond locust's own (added below):
``--submissions`` (stop after this many accepted), ``--max-failed`` (give up
after this many failed submissions), ``--record-dir`` (one file per citizen
user with the outcome of each of its submissions) and ``--coordinators``
(e-mail addresses, comma-separated; the password comes from
``BENCH_LOAD_PASSWORD``).

A submission is what a browser does: GET the form with a fresh session,
take its CSRF token and the choices it offers, POST a valid offer of one or
two kinds with a unique e-mail address, expect 302 to the thank-you page,
then GET that page. Only a 302 to /helfen/danke counts as accepted.

The stop rule is exact: a user reserves a slot before it POSTs and gives it
back when the POST fails, so exactly ``--submissions`` are accepted; when the
last one is, the run ends (coordinators included).
"""

from __future__ import annotations

import html
import itertools
import os
import random
import re
from pathlib import Path
from urllib.parse import urlencode

import gevent
from locust import FastHttpUser, between, constant, events, task
from locust.exception import StopUser

from app.demo.samples import DONATIONS, KIND_WEIGHTS, MINORS_ACTIVITIES, ORIGINS, OTHER_TEXTS, SKILLS
from tests.offers.payloads import KIND_PAYLOADS

FORM = "/helfen/angebot"
THANKS = "/helfen/danke"
CSRF_INPUT = re.compile(r'<input[^>]*\bname="csrf_token"[^>]*\bvalue="([^"]+)"')
SELECT = re.compile(r'<select[^>]*\bname="([^"]+)"[^>]*>(.*?)</select>', re.S)
CHECKBOX = re.compile(r'<input[^>]*\bname="languages"[^>]*\bvalue="([^"]+)"')
OPTION_VALUE = re.compile(r'<option[^>]*\bvalue="([^"]+)"')
OFFER_LINK = re.compile(r'href="(/intern/angebote/[A-Za-z0-9_-]{16,})"')
PERSON_LINK = re.compile(r'href="(/intern/personen/[A-Za-z0-9_-]{16,})"')
NEED_LINK = re.compile(r'href="/intern/bedarfe/([A-Za-z0-9_-]{16,})"')
KINDS = [kind.value for kind in KIND_WEIGHTS]
WEIGHTS = list(KIND_WEIGHTS.values())
FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded"}


@events.init_command_line_parser.add_listener
def _options(parser) -> None:
    parser.add_argument("--submissions", type=int, default=10_000, help="accepted submissions to stop after")
    parser.add_argument("--max-failed", type=int, default=100, help="failed submissions to give up after")
    parser.add_argument("--record-dir", default="bench/out/load-records", help="one outcome file per citizen user")
    parser.add_argument("--coordinators", default="", help="coordinator e-mail addresses, comma-separated")


class Tally:
    """Shared by every user of this process (gevent: one thread, no locks needed)."""

    reserved = 0
    accepted = 0
    failed = 0
    quitting = False
    users = itertools.count()
    coordinators = itertools.count()


def form_choices(page: str) -> dict[str, list[str]]:
    """What the form offers: Stadtteile, interpreting languages, spoken languages (no blank options)."""
    choices = {name: OPTION_VALUE.findall(body) for name, body in SELECT.findall(page)}
    choices["languages"] = CHECKBOX.findall(page)
    return choices


def offer_payload(rng: random.Random, email: str, kinds: list[str], choices: dict[str, list[str]]) -> dict:
    """A valid submission with varied answers; ``kinds`` are filled from the tests' valid payloads."""
    origin = rng.choices(ORIGINS, weights=[origin.weight for origin in ORIGINS])[0]
    data: dict = {
        "kinds": kinds,
        "first_name": rng.choice(origin.women + origin.men),
        "last_name": rng.choice(origin.last_names),
        "email": email,
        "languages": sorted({*origin.native[:1], *rng.sample(choices["languages"], 1)}),
        "skills": rng.choice(SKILLS)[0],
        "district": rng.choice(choices["district"]),
        "travel_radius_km": rng.choice(["", "1", "3", "5", "10", "25"]),
        "consent": "y",
    }
    for kind in kinds:
        data.update(KIND_PAYLOADS[kind])
    if "interpreting" in kinds:
        data["interpreting-languages-0-language"] = rng.choice(choices["interpreting-languages-0-language"])
    if "minors_support" in kinds:
        data["minors_support-activities"] = rng.choice(MINORS_ACTIVITIES)
    if "donation" in kinds:
        categories, items, _quantity, _condition = rng.choice(DONATIONS)
        data.update({"donation-categories": categories, "donation-items": items})
    if "housing" in kinds:
        data["housing-district"] = rng.choice(choices["housing-district"])
    if "other" in kinds:
        data["other-description"] = rng.choice(OTHER_TEXTS)
    return data


@events.init.add_listener
def _coordinator_count(environment, **_kwargs) -> None:
    # One coordinator user per account given; every other user is a citizen.
    Coordinator.fixed_count = len([e for e in environment.parsed_options.coordinators.split(",") if e])


class Citizen(FastHttpUser):
    """One submission after the other, each as a new visitor (fresh cookies)."""

    wait_time = constant(0)

    def on_start(self) -> None:
        self.index = next(Tally.users)
        self.rng = random.Random(self.index)
        self.serial = itertools.count()
        options = self.environment.parsed_options
        directory = Path(options.record_dir)
        directory.mkdir(parents=True, exist_ok=True)
        self.record = (directory / f"citizen-{self.index:03d}.tsv").open("a", encoding="utf-8")

    def on_stop(self) -> None:
        self.record.close()

    @task
    def submit(self) -> None:
        options = self.environment.parsed_options
        if Tally.failed >= options.max_failed:
            raise StopUser
        if Tally.reserved >= options.submissions:
            gevent.sleep(0.05)  # every slot taken: wait in case one comes back after a failure
            return
        Tally.reserved += 1
        accepted = False
        try:
            accepted = self._submit_once()
        finally:
            if accepted:
                Tally.accepted += 1
            else:
                Tally.reserved -= 1
                Tally.failed += 1
        done = Tally.accepted >= options.submissions or Tally.failed >= options.max_failed
        if done and not Tally.quitting:
            Tally.quitting = True
            gevent.spawn(self.environment.runner.quit)
        elif accepted:
            self.client.get(THANKS, name="thanks")

    def _submit_once(self) -> bool:
        self.client.cookiejar.clear()
        email = f"helfer-{self.index:03d}-{next(self.serial):05d}@example.org"
        kinds = sorted(set(self.rng.choices(KINDS, weights=WEIGHTS, k=self.rng.choice([1, 1, 2]))))
        page = self.client.get(FORM, name="form")
        token = CSRF_INPUT.search(page.text or "")
        if page.status_code != 200 or not token:
            return False
        data = offer_payload(self.rng, email, kinds, form_choices(page.text))
        data["csrf_token"] = html.unescape(token.group(1))
        body = urlencode(data, doseq=True)
        outcome = "failed"
        with self.client.post(
            FORM, data=body, headers=FORM_HEADERS, name="submit", allow_redirects=False, catch_response=True
        ) as answer:
            if answer.status_code == 302 and answer.headers.get("Location", "").endswith(THANKS):
                outcome = "accepted"
            else:
                answer.failure(f"status {answer.status_code}")
        # Written before anything else can fail: the checker must know every accepted address.
        self.record.write(f"{outcome}\t{email}\t{','.join(kinds)}\t{answer.status_code}\n")
        self.record.flush()
        return outcome == "accepted"


class Coordinator(FastHttpUser):
    """A logged-in coordinator clicking through the back office at a human pace."""

    wait_time = between(0.5, 2)

    def on_start(self) -> None:
        emails = self.environment.parsed_options.coordinators.split(",")
        email = emails[next(Tally.coordinators) % len(emails)]
        self.rng = random.Random(email)
        page = self.client.get("/anmelden", name="login form")
        token = CSRF_INPUT.search(page.text or "")
        if not token:
            raise StopUser
        body = {
            "email": email,
            "password": os.environ["BENCH_LOAD_PASSWORD"],
            "csrf_token": html.unescape(token.group(1)),
        }
        with self.client.post(
            "/anmelden",
            data=urlencode(body),
            headers=FORM_HEADERS,
            name="login",
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            if answer.status_code != 302 or "/anmelden" in answer.headers.get("Location", ""):
                answer.failure(f"login failed: status {answer.status_code}")
                raise StopUser
        self.offers: list[str] = []
        self.people: list[str] = []
        self.needs: list[str] = []

    def _page(self, path: str, name: str) -> str:
        with self.client.get(path, name=name, catch_response=True) as answer:
            if answer.status_code != 200:
                answer.failure(f"status {answer.status_code}")
                return ""
            return answer.text or ""

    @task(4)
    def queue(self) -> None:
        status = self.rng.choice(["", "?status=all", "?status=unconfirmed"])
        page = self._page(f"/intern/angebote{status}", "queue")
        self.offers = OFFER_LINK.findall(page)[:50] or self.offers

    @task(3)
    def offer(self) -> None:
        if self.offers:
            page = self._page(self.rng.choice(self.offers), "offer page")
            self.people = PERSON_LINK.findall(page)[:5] or self.people

    @task(2)
    def person(self) -> None:
        if self.people:
            self._page(self.rng.choice(self.people), "person page")

    @task(2)
    def needs_list(self) -> None:
        self.needs = NEED_LINK.findall(self._page("/intern/bedarfe", "needs list")) or self.needs

    @task(2)
    def need_suggestions(self) -> None:
        if self.needs:
            self._page(f"/intern/vermittlungen/bedarfe/{self.rng.choice(self.needs)}", "need suggestions")

    @task(1)
    def matches(self) -> None:
        self._page("/intern/vermittlungen", "matches list")

    @task(1)
    def dashboard(self) -> None:
        self._page("/intern/berichte/lage", "dashboard")
