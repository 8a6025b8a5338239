"""The public board of open needs, a need's page, and the board's Atom feed.

Public pages show only what :mod:`app.board.services` lets out of a need: title, kind,
Stadtbezirk, what is missing, urgency, since when, languages and period. Never the
description (free text may name people), the street, or the organisation.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, Response, current_app, render_template, request
from flask_babel import gettext, ngettext

from app.board.forms import BoardFilterForm
from app.board.services import (
    BoardEntry,
    Coverage,
    board,
    board_entry,
    board_languages,
    board_needs_for_feed,
    coverage_of,
    public_need,
)
from app.core.db import utcnow
from app.needs.public_vocabulary import URGENCY_LABELS
from app.offers.vocabulary import KIND_LABELS

bp = Blueprint("board", __name__)

ATOM_TYPE = "application/atom+xml; charset=utf-8"
#: Entries in the feed; the board itself holds hundreds at most.
FEED_LIMIT = 100


def still_missing(coverage: Coverage) -> str:
    """What is still missing in words: "Noch gesucht: 12 von 20", or that pledges cover it all."""
    if coverage.missing == 0:
        return gettext("Alles zugesagt – die Koordinierungsstelle prüft die Zusagen")
    return ngettext(
        "Noch gesucht: %(num)d von %(total)d",
        "Noch gesucht: %(num)d von %(total)d",
        coverage.missing,
        total=coverage.quantity,
    )


@bp.get("/bedarfe")
def index():
    form = BoardFilterForm(request.args, languages=board_languages())
    filters = form.board_filters()
    entries = board(**filters)
    return render_template(
        "board/index.html",
        entries=entries,
        form=form,
        filtered=any(filters.values()),
        **_labels(),
    )


@bp.get("/bedarfe/<public_id>")
def detail(public_id: str):
    entry = board_entry(public_need(public_id))
    return render_template("board/detail.html", entry=entry, **_labels())


@bp.get("/bedarfe.atom")
def feed():
    needs = board_needs_for_feed(FEED_LIMIT)
    coverage = coverage_of(needs)
    entries = [BoardEntry(need, coverage[need.id]) for need in needs]
    updated = max((_changed(entry) for entry in entries), default=utcnow())
    city = current_app.extensions["helfernetz.city"].name
    xml = render_template(
        "board/feed.xml",
        entries=entries,
        updated=updated,
        summary=_summary,
        rfc3339=rfc3339,
        feed_title=" – ".join((gettext("Helfernetz %(city)s", city=city), gettext("Wo wird gerade Hilfe gebraucht?"))),
        feed_subtitle=gettext("Was Unterkünfte und Unterstützerkreise in %(city)s gerade brauchen.", city=city),
        **_labels(),
    )
    return Response(xml, content_type=ATOM_TYPE)


def rfc3339(moment: datetime) -> str:
    """An Atom date (RFC 3339) in UTC, to the second."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _changed(entry: BoardEntry) -> datetime:
    need = entry.need
    return max(need.updated_at, need.published_at or need.created_at)


def _summary(entry: BoardEntry) -> str:
    """The feed entry's plain-text summary: kind, Stadtbezirk, what is missing."""
    need = entry.need
    facts = [str(KIND_LABELS[need.kind])]
    if need.borough:
        facts.append(gettext("Stadtbezirk %(borough)s", borough=need.borough))
    facts.append(still_missing(entry.coverage))
    return " · ".join(facts)


def _labels() -> dict:
    return {"urgency_labels": URGENCY_LABELS, "still_missing": still_missing, "kind_labels": KIND_LABELS}
