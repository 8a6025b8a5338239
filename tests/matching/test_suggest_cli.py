"""``flask matches suggest`` on a small data set brought in as the office would: by the import."""

from __future__ import annotations

import csv
import json

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.imports.needs import COLUMNS as NEED_COLUMNS
from app.imports.offers import COLUMNS as OFFER_COLUMNS
from app.matching.cli import summary
from app.needs.models import Need, NeedStatus
from tests.factories import make_need, make_organisation

OFFERS = [
    # ref, first name, languages, location: all interpreters, so language and distance decide.
    ("V-NEAR", "Samira", "Arabisch, Deutsch", "List"),
    ("V-FAR", "Karim", "Arabisch, Deutsch", "Misburg-Nord"),
    ("V-NOARABIC", "Anna", "Deutsch, Englisch", "List"),
]
NEEDS = [
    ("N-ARZT", "Dolmetschen beim Kinderarzt", "Arabisch", "List", "open"),
    ("N-AMT", "Begleitung zum Jobcenter", "Arabisch", "Vahrenwald", "open"),
]


def write(path, columns, rows):
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, columns)
        writer.writeheader()
        writer.writerows(rows)
    return str(path)


def run(runner, *args):
    result = runner.invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def data_set(runner, tmp_path):
    offers = [
        dict.fromkeys(OFFER_COLUMNS, "")
        | {"ref": ref, "kind": "interpreting", "first_name": name, "last_name": "Test", "languages": languages}
        | {"location": location, "skills": "Dolmetschen", "email": f"{name.lower()}@example.org"}
        for ref, name, languages, location in OFFERS
    ]
    needs = [
        dict.fromkeys(NEED_COLUMNS, "")
        | {"ref": ref, "organisation": "Unterkunft Am Listholze", "kind": "interpreting", "title": title}
        | {"languages": languages, "location": location, "skills": "Dolmetschen"}
        for ref, title, languages, location, _status in NEEDS
    ]
    run(runner, "offers", "import", write(tmp_path / "offers.csv", OFFER_COLUMNS, offers))
    run(runner, "needs", "import", write(tmp_path / "needs.csv", NEED_COLUMNS, needs))


def suggest(runner, *args):
    return json.loads(run(runner, "matches", "suggest", *args).stdout)


@pytest.mark.usefixtures("data_set")
def test_json_lists_the_offers_best_first_by_their_import_refs(runner):
    result = suggest(runner, "N-ARZT")

    assert list(result) == ["N-ARZT"]
    ranked = result["N-ARZT"]
    offers = [s["offer_ref"] for s in ranked]
    # Arabic first, then the nearer; the offer without Arabic never above one with it.
    assert offers[:2] == ["V-NEAR", "V-FAR"]
    assert "V-NOARABIC" not in offers[:2]
    scores = [s["score"] for s in ranked]
    assert scores == sorted(scores, reverse=True) and all(0 <= score <= 100 for score in scores)
    near = ranked[0]
    assert set(near) == {"offer_ref", "score", "reasons"}
    assert near["reasons"]["languages"]["matched_required"] == ["ar"]
    assert near["reasons"]["distance_km"] < ranked[1]["reasons"]["distance_km"]


@pytest.mark.usefixtures("data_set")
def test_limit_and_lookup_by_public_id(runner):
    need = db.session.scalars(sa.select(Need).where(Need.external_ref == "N-AMT")).one()

    result = suggest(runner, need.public_id, "--limit", "1")

    assert list(result) == ["N-AMT"]  # named as files name it
    assert len(result["N-AMT"]) == 1


@pytest.mark.usefixtures("data_set")
def test_unknown_refs_are_named_on_stderr_and_nothing_is_printed(runner):
    result = runner.invoke(args=["matches", "suggest", "N-ARZT", "N-GIBTSNICHT", "N-AUCHNICHT"])

    assert result.exit_code == 1
    assert "N-GIBTSNICHT, N-AUCHNICHT" in result.stderr
    assert result.stdout == ""


def test_needs_or_all_open_must_be_given(runner):
    result = runner.invoke(args=["matches", "suggest"])

    assert result.exit_code == 2 and "--all-open" in result.stderr


@pytest.mark.usefixtures("data_set")
def test_all_open_covers_open_and_partly_filled_needs_once(runner):
    organisation = make_organisation("Caritas")
    partly = make_need(organisation, "Teilweise besetzt", status=NeedStatus.PARTLY_FILLED)
    make_need(organisation, "Besetzt", status=NeedStatus.FILLED)
    make_need(organisation, "Geschlossen", status=NeedStatus.CLOSED)
    db.session.commit()

    result = suggest(runner, "N-AMT", "--all-open")

    assert list(result) == ["N-AMT", "N-ARZT", partly.public_id]


@pytest.mark.usefixtures("data_set")
def test_text_format_for_a_terminal(runner):
    text = run(runner, "matches", "suggest", "N-ARZT", "--format", "text").stdout

    lines = text.splitlines()
    assert lines[0] == "N-ARZT  Dolmetschen beim Kinderarzt"
    assert lines[1].split()[:2] == ["1.", "V-NEAR"]
    assert "Sprachen ar" in lines[1] and " km" in lines[1]


def test_text_format_of_a_need_without_offers(runner):
    need = make_need(make_organisation())
    db.session.commit()

    text = run(runner, "matches", "suggest", need.public_id, "--format", "text").stdout

    assert "keine passenden offenen Angebote" in text


def test_summary_names_missing_languages_and_text_similarity():
    reasons = {"languages": {"missing_required": ["ar"]}, "text_similarity": 62, "availability": "unknown"}

    assert summary(reasons) == "fehlt ar; Text 62 %; Zeiten: unknown"


def test_summary_names_an_offered_concept_once():
    """Three need concepts covered by one offer concept read "accompany_doctor, accompany_doctor, ..."."""
    covered = [{"need": need, "offer": "accompany_doctor", "relation": "exact"} for need in ("a", "b", "c")]

    assert summary({"concepts": covered}) == "passt: accompany_doctor"
