"""``flask matches suggest``: the ranked offers for needs, by the refs the import and export use."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, NamedTuple, TextIO

import click
import sqlalchemy as sa
from flask import Blueprint

from app.extensions import db
from app.imports.export import need_ref, offer_ref, open_output
from app.matching.services import OPEN_NEEDS, suggest_offers
from app.needs.models import Need
from app.offers.models import Offer

bp = Blueprint("matches_cli", __name__, cli_group="matches")


@bp.cli.command("suggest")
@click.argument("refs", nargs=-1, metavar="[NEED_REF]...")
@click.option("--all-open", is_flag=True, help="Every open or partly filled need, after the named ones.")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="Offers per need.")
@click.option("--format", "format_", type=click.Choice(["json", "text"]), default="json", show_default=True)
def suggest_command(refs: tuple[str, ...], all_open: bool, limit: int, format_: str) -> None:
    """The best open offers for each named need (its import ref or public id), best first, with reasons."""
    if not refs and not all_open:
        raise click.UsageError("Bedarfe angeben (ref oder öffentliche Kennung) oder --all-open.")
    needs = find_needs(refs)
    unknown = [ref for ref in refs if ref not in needs]
    if unknown:
        click.echo(f"Unbekannte Bedarfe: {', '.join(unknown)}", err=True)
        raise SystemExit(1)
    chosen = {need.id: need for need in needs.values()}
    for need in open_needs() if all_open else []:
        chosen.setdefault(need.id, need)
    records = suggestions(list(chosen.values()), limit)
    with open_output(None) as out:
        (write_json_object if format_ == "json" else write_text)(records, out)


def find_needs(refs: tuple[str, ...]) -> dict[str, Need]:
    """The needs named by ``refs``, by ref; an external ref wins over a public id that looks the same."""
    if not refs:
        return {}
    query = sa.select(Need).where(sa.or_(Need.external_ref.in_(refs), Need.public_id.in_(refs)))
    found: dict[str, Need] = {}
    for need in db.session.scalars(query):
        found.setdefault(need.external_ref, need)
        found.setdefault(need.public_id, need)
    return {ref: found[ref] for ref in refs if ref in found}


def open_needs() -> list[Need]:
    return list(db.session.scalars(sa.select(Need).where(Need.status.in_(OPEN_NEEDS)).order_by(Need.id)))


class NeedSuggestions(NamedTuple):
    ref: str
    title: str
    #: ``{"offer_ref", "score", "reasons"}``, best first.
    offers: list[dict[str, Any]]


def suggestions(needs: list[Need], limit: int) -> Iterator[NeedSuggestions]:
    """One entry per need, computed as it is written, so the first lines come before the last need is ranked."""
    for need in needs:
        ranked = suggest_offers(need, limit=limit)
        refs = offer_refs([suggestion.offer_id for suggestion in ranked])
        offers = [{"offer_ref": refs[s.offer_id], "score": s.score, "reasons": s.reasons} for s in ranked]
        yield NeedSuggestions(need_ref(need), need.title, offers)


def offer_refs(offer_ids: list[int]) -> dict[int, str]:
    rows = db.session.execute(sa.select(Offer.id, Offer.created_at, Offer.external_ref).where(Offer.id.in_(offer_ids)))
    return {row.id: offer_ref(row) for row in rows}


def write_json_object(records: Iterator[NeedSuggestions], out: TextIO) -> None:
    """One JSON object ``{need_ref: [{"offer_ref", "score", "reasons"}, ...]}``, a need per line as it is ranked."""
    separator = "\n"
    out.write("{")
    for record in records:
        out.write(f"{separator}{json.dumps(record.ref)}: {json.dumps(record.offers, ensure_ascii=False)}")
        separator = ",\n"
    out.write("\n}\n" if separator != "\n" else "}\n")


def write_text(records: Iterator[NeedSuggestions], out: TextIO) -> None:
    """For reading on a terminal: per need its offers, score and the main reasons."""
    for record in records:
        out.write(f"{record.ref}  {record.title}\n")
        if not record.offers:
            out.write("    (keine passenden offenen Angebote)\n")
        for rank, offer in enumerate(record.offers, 1):
            out.write(f"  {rank:>3}. {offer['offer_ref']:<20} {offer['score']:>3}  {summary(offer['reasons'])}\n")
        out.write("\n")


def summary(reasons: dict[str, Any]) -> str:
    """'Sprachen ar, fa; passt: interpreting; 3.4 km; Zeiten: overlap' from a suggestion's reasons."""
    languages = reasons.get("languages", {})
    spoken = [*languages.get("matched_required", []), *languages.get("helpful_matched", [])]
    missing = languages.get("missing_required", [])
    concepts = list(dict.fromkeys(c["offer"] for c in reasons.get("concepts", [])))  # several needs, one offer
    parts = [
        f"Sprachen {', '.join(spoken)}" if spoken else "",
        f"fehlt {', '.join(missing)}" if missing else "",
        f"passt: {', '.join(concepts)}" if concepts else "",
        f"Text {reasons['text_similarity']} %" if reasons.get("text_similarity") is not None else "",
        f"{reasons['distance_km']} km" if reasons.get("distance_km") is not None else "",
        f"Zeiten: {reasons['availability']}" if reasons.get("availability") else "",
    ]
    return "; ".join(part for part in parts if part)
