"""The screening queue: offers filtered and paged by seek, fast at 100 000 rows.

Paging seeks on ``(created_at, id)`` (ix_offers_status_created) instead of
counting and skipping rows: page 2000 costs what page 1 costs, and an offer
arriving meanwhile never shifts a page. Totals are counted only up to
:data:`COUNT_CAP`; an exact count of 100 000 rows per request would cost more
than the page itself.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.matching.models import Match
from app.matching.services import FILLING
from app.offers.models import Offer, OfferKind, OfferStatus
from app.offers.search import matches
from app.people.models import Channel, Person, PersonLanguage
from app.screening.details import has_field

PAGE_SIZE = 50
#: Counting stops here; the page says "more than 1 000" instead.
COUNT_CAP = 1000
#: The status filter's value for every status but ``unconfirmed``.
ALL_STATUSES = "all"
#: Waiting for the opt-in: not the office's business until confirmed, so shown only when asked for.
VISIBLE_STATUSES = tuple(status for status in OfferStatus if status is not OfferStatus.UNCONFIRMED)
#: Kinds whose offers carry the offered place itself (their sub-form asks for it);
#: every other offer is where its person lives.
LOCATED_KINDS = frozenset(kind for kind in OfferKind if has_field(kind, "district"))
#: Languages the interpreting form takes per offer (stored in ``details["languages"]``).
INTERPRETING_LANGUAGES_MAX = 3


class InvalidCursor(ValueError):
    """The paging cursor was altered or comes from elsewhere."""


@dataclass(frozen=True)
class QueueFilters:
    """What the queue shows; ``None`` means "any"."""

    status: str = OfferStatus.NEW.value
    kind: OfferKind | None = None
    language: str | None = None
    borough: str | None = None
    source: Channel | None = None
    received_from: date | None = None
    received_until: date | None = None
    #: Free text or a reference (HN-2026-00123), see app.offers.search.
    query: str | None = None
    newest_first: bool = False
    #: Only offers without an approved (or further) match.
    unmatched: bool = False


@dataclass(frozen=True)
class Cursor:
    """A position between two rows: after (or before) the row with this key."""

    created_at: datetime
    id: int
    backwards: bool = False

    def encode(self) -> str:
        raw = f"{'b' if self.backwards else 'a'}|{self.created_at.isoformat()}|{self.id}"
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> Cursor:
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
            direction, stamp, row_id = raw.split("|")
            created_at = datetime.fromisoformat(stamp)
            if direction not in "ab" or created_at.tzinfo is None:
                raise ValueError(raw)
            return cls(created_at, int(row_id), direction == "b")
        except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
            raise InvalidCursor(token) from exc

    @classmethod
    def after(cls, offer: Offer) -> Cursor:
        return cls(offer.created_at, offer.id)

    @classmethod
    def before(cls, offer: Offer) -> Cursor:
        return cls(offer.created_at, offer.id, backwards=True)


@dataclass
class QueuePage:
    offers: list[Offer]
    next_cursor: Cursor | None
    previous_cursor: Cursor | None
    #: Matching offers, counted up to COUNT_CAP + 1.
    total: int

    @property
    def is_capped(self) -> bool:
        return self.total > COUNT_CAP


def place_of(offer: Offer) -> Offer | Person:
    """The row whose Stadtteil and Stadtbezirk count for this offer (see :data:`LOCATED_KINDS`)."""
    return offer if offer.kind in LOCATED_KINDS else offer.person


def speaks(code: str, kind: OfferKind | None = None) -> sa.ColumnElement[bool]:
    """The person speaks ``code``, or (interpreting) the offer interprets into it.

    The interpreting languages are read by JSON path, one per form row, so the
    same expression runs on SQLite and PostgreSQL. With another kind chosen
    only the person's languages count, a plain semi-join the database can
    estimate, instead of an OR it cannot.
    """
    spoken = sa.exists().where(PersonLanguage.person_id == Offer.person_id, PersonLanguage.code == code)
    if kind not in (None, OfferKind.INTERPRETING):
        return spoken
    interpreted = sa.or_(
        *(
            Offer.details[("languages", index, "code")].as_string() == code
            for index in range(INTERPRETING_LANGUAGES_MAX)
        )
    )
    return sa.or_(spoken, sa.and_(Offer.kind == OfferKind.INTERPRETING, interpreted))


def in_borough(borough: str, kind: OfferKind | None = None) -> sa.ColumnElement[bool]:
    """The offered place lies in ``borough`` (housing, premises), or else the person lives there.

    The person's side is a subquery rather than a join: PostgreSQL hashes the
    few thousand ids once instead of visiting the person of every offer. With
    one kind chosen, only its side of the rule applies.
    """
    at_place = Offer.borough == borough
    at_home = Offer.person_id.in_(sa.select(Person.id).where(Person.borough == borough))
    if kind is not None:
        return at_place if kind in LOCATED_KINDS else at_home
    return sa.or_(
        sa.and_(Offer.kind.in_(LOCATED_KINDS), at_place),
        sa.and_(Offer.kind.not_in(LOCATED_KINDS), at_home),
    )


def local_day_start(day: date) -> datetime:
    """Midnight of ``day`` in the office's time zone, in UTC (created_at is stored in UTC)."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return datetime.combine(day, time(), tzinfo=zone).astimezone(UTC)


def statuses(filters: QueueFilters) -> tuple[OfferStatus, ...]:
    return VISIBLE_STATUSES if filters.status == ALL_STATUSES else (OfferStatus(filters.status),)


def _narrowing(filters: QueueFilters) -> list[sa.ColumnElement[bool]]:
    """Every condition but the status."""
    found = []
    if filters.kind:
        found.append(Offer.kind == filters.kind)
    if filters.source:
        found.append(Offer.source == filters.source)
    if filters.language:
        found.append(speaks(filters.language, filters.kind))
    if filters.borough:
        found.append(in_borough(filters.borough, filters.kind))
    if filters.received_from:
        found.append(Offer.created_at >= local_day_start(filters.received_from))
    if filters.received_until:
        found.append(Offer.created_at < local_day_start(filters.received_until + timedelta(days=1)))
    if filters.query:
        found.append(matches(filters.query))
    if filters.unmatched:
        found.append(~sa.exists().where(Match.offer_id == Offer.id, Match.status.in_(FILLING)))
    return found


def conditions(filters: QueueFilters) -> list[sa.ColumnElement[bool]]:
    """The WHERE clauses of ``filters`` on ``offers``."""
    return [Offer.status.in_(statuses(filters)), *_narrowing(filters)]


def _seek(cursor: Cursor, descending: bool) -> sa.ColumnElement[bool]:
    key = sa.tuple_(Offer.created_at, Offer.id)
    position = (cursor.created_at, cursor.id)
    # Walking backwards through an ascending list is walking forwards through a descending one.
    return key < position if descending != cursor.backwards else key > position


def _order(created_at, row_id, descending: bool) -> tuple[sa.ColumnElement, ...]:
    if descending:
        return created_at.desc(), row_id.desc()
    return created_at.asc(), row_id.asc()


def _page_ids(filters: QueueFilters, cursor: Cursor | None, limit: int) -> list[int]:
    """Ids of the page's offers in page order, from ix_offers_status_created.

    Several statuses are read as one ordered range each and merged: with the
    status first in the index, a single ``status IN (...)`` scan would have to
    sort every matching row (100 000 for "all") to find the first 50.
    """
    descending = filters.newest_first != bool(cursor and cursor.backwards)
    narrowing = _narrowing(filters) + ([_seek(cursor, filters.newest_first)] if cursor else [])

    def ordered(status: OfferStatus) -> sa.Select:
        return (
            sa.select(Offer.id, Offer.created_at)
            .where(Offer.status == status, *narrowing)
            .order_by(*_order(Offer.created_at, Offer.id, descending))
            .limit(limit)
        )

    found = statuses(filters)
    if len(found) == 1:
        return list(db.session.scalars(ordered(found[0])))
    # Each branch as a subquery: SQLite allows ORDER BY and LIMIT only there.
    merged = sa.union_all(*(sa.select(ordered(status).subquery()) for status in found)).subquery()
    return list(
        db.session.scalars(
            sa.select(merged.c.id).order_by(*_order(merged.c.created_at, merged.c.id, descending)).limit(limit)
        )
    )


def _offers(ids: list[int]) -> list[Offer]:
    """The offers with their person and the person's languages, in the order of ``ids``."""
    if not ids:
        return []
    query = sa.select(Offer).where(Offer.id.in_(ids)).options(joinedload(Offer.person).selectinload(Person.languages))
    found = {offer.id: offer for offer in db.session.scalars(query).unique()}
    return [found[offer_id] for offer_id in ids]


def count_capped(filters: QueueFilters) -> int:
    """Matching offers, but at most COUNT_CAP + 1 (enough to say "more than")."""
    limited = sa.select(Offer.id).where(*conditions(filters)).limit(COUNT_CAP + 1).subquery()
    return db.session.scalar(sa.select(sa.func.count()).select_from(limited))


def queue_page(filters: QueueFilters, cursor: Cursor | None = None, page_size: int | None = None) -> QueuePage:
    """One page of the queue, with each offer's person and languages: three queries, four after page 1.

    The first page reads up to COUNT_CAP + 1 ids in page order, which counts
    the matches in the same pass (the ordered ranges stop at the cap); later
    pages read one page and count separately, since the count covers every
    page.
    """
    size = page_size or PAGE_SIZE
    backwards = bool(cursor and cursor.backwards)
    ids = _page_ids(filters, cursor, COUNT_CAP + 1 if cursor is None else size + 1)
    total = len(ids) if cursor is None else count_capped(filters)
    has_more = len(ids) > size
    ids = ids[:size]
    if backwards:
        ids.reverse()
    offers = _offers(ids)
    more_after = has_more if not backwards else True
    more_before = cursor is not None and (has_more if backwards else True)
    return QueuePage(
        offers=offers,
        next_cursor=Cursor.after(offers[-1]) if offers and more_after else None,
        previous_cursor=Cursor.before(offers[0]) if offers and more_before else None,
        total=total,
    )
