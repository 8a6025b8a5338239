"""The figures of the dashboard and of the period reports, as plain functions over the database.

Every figure counts rows, never names: anonymised persons (``Person.erased_at``)
stay as rows and still count. Periods are whole days in the office's time zone,
the first and the last day included.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app

from app.core.audit import AuditEvent
from app.extensions import db
from app.feedback.models import FeedbackAnswer, FeedbackSide, MatchFeedback
from app.matching.models import Match, MatchOrigin, MatchStatus
from app.matching.services import FILLING, OPEN_NEEDS
from app.needs.models import Need, NeedStatus, Urgency
from app.offers.models import Offer, OfferKind, OfferStatus
from app.organisations.models import Organisation
from app.people.models import Channel, Person, PersonLanguage
from app.places.services import gazetteer
from app.screening.queue import INTERPRETING_LANGUAGES_MAX, LOCATED_KINDS, local_day_start

#: Offers the office has received: every one but those still waiting for the opt-in link.
RECEIVED = tuple(status for status in OfferStatus if status is not OfferStatus.UNCONFIRMED)
#: Offers still available for a match.
WAITING = (OfferStatus.NEW, OfferStatus.VERIFIED)
#: An offer waits "too long" without a match after this many days.
WAITING_DAYS = 14
#: Age groups of open needs on the dashboard: key → (at least, less than) days since posted.
AGE_GROUPS = {"lt7": (0, 7), "7to30": (7, 31), "gt30": (31, None)}
DAY = timedelta(days=1)


# Periods -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Whole days, ``start`` and ``end`` included."""

    start: date
    end: date

    @property
    def since(self) -> datetime:
        """The first moment of the period, in UTC."""
        return local_day_start(self.start)

    @property
    def until(self) -> datetime:
        """The first moment after the period, in UTC."""
        return local_day_start(self.end + DAY)

    def holds(self, column) -> sa.ColumnElement[bool]:
        return sa.and_(column >= self.since, column < self.until)

    @property
    def is_quarter(self) -> bool:
        return self == quarter_of(self.start)

    @property
    def quarter_number(self) -> int:
        return (self.start.month - 1) // 3 + 1


def local_today() -> date:
    """Today in the office's time zone."""
    return datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def quarter_of(day: date) -> Period:
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    following = date(day.year + 1, 1, 1) if first_month == 10 else date(day.year, first_month + 3, 1)
    return Period(start, following - DAY)


def last_full_quarter(today: date) -> Period:
    return quarter_of(quarter_of(today).start - DAY)


def recent_quarters(today: date, count: int = 4) -> list[Period]:
    """The last ``count`` full quarters, the latest first."""
    quarters = [last_full_quarter(today)]
    while len(quarters) < count:
        quarters.append(quarter_of(quarters[-1].start - DAY))
    return quarters


def parse_period(start: str | None, end: str | None, today: date) -> Period:
    """The period of the query's ``von``/``bis``; the last full quarter when both are missing.

    :raise ValueError: a date is malformed, or the end lies before the start.
    """
    if not start and not end:
        return last_full_quarter(today)
    first = date.fromisoformat(start) if start else date(1970, 1, 1)
    last = date.fromisoformat(end) if end else today
    if last < first:
        raise ValueError("period ends before it starts")
    return Period(first, last)


# Helpers ------------------------------------------------------------------------------------------


def _grouped(statement: sa.Select) -> dict:
    return {key: count for key, count in db.session.execute(statement).all()}


def _with_zeros(keys, found: dict) -> dict:
    """Every key in order, with 0 where nothing was found, then what was found beyond them."""
    ordered = {key: found.get(key, 0) for key in keys}
    ordered.update({key: count for key, count in found.items() if key not in ordered})
    return ordered


def _median_days(pairs) -> float | None:
    """Median of the days between (from, to) moments; ``None`` without any pair."""
    days = [(to - since).total_seconds() / 86400 for since, to in pairs]
    return round(statistics.median(days), 1) if days else None


def _kinds(found: dict) -> dict[str, int]:
    return _with_zeros([kind.value for kind in OfferKind], {OfferKind(k).value: n for k, n in found.items()})


def _boroughs(found: dict) -> dict[str | None, int]:
    """Every Stadtbezirk of the city in its order, then ``None`` (outside or unknown) if any."""
    ordered = _with_zeros(gazetteer().borough_names(), {k: n for k, n in found.items() if k is not None})
    if found.get(None):
        ordered[None] = found[None]
    return ordered


def _by_count(found: dict) -> dict:
    return dict(sorted(found.items(), key=lambda item: (-item[1], str(item[0]))))


# Offers received -----------------------------------------------------------------------------------


def _received(period: Period) -> sa.Select:
    return sa.select(Offer).where(period.holds(Offer.created_at), Offer.status.in_(RECEIVED))


def _offer_borough() -> sa.ColumnElement:
    """The offered place's Stadtbezirk (housing, premises), else the person's (see app.screening.queue)."""
    return sa.case((Offer.kind.in_(LOCATED_KINDS), Offer.borough), else_=Person.borough)


def offers_by_kind(period: Period) -> dict[str, int]:
    """Offers received in the period (confirmed ones), per kind."""
    received = _received(period).subquery()
    return _kinds(_grouped(sa.select(received.c.kind, sa.func.count()).group_by(received.c.kind)))


def offers_by_source(period: Period) -> dict[str, int]:
    """Offers received in the period, per way in (web form, phone, mail, import)."""
    received = _received(period).subquery()
    found = _grouped(sa.select(received.c.source, sa.func.count()).group_by(received.c.source))
    return _with_zeros([channel.value for channel in Channel], {Channel(k).value: n for k, n in found.items()})


def offers_by_borough(period: Period) -> dict[str | None, int]:
    """Offers received in the period, per Stadtbezirk of the offered place or else the person's home."""
    # Grouped outside: PostgreSQL would not see the CASE with its own bound values as the selected one.
    placed = (
        sa.select(_offer_borough().label("borough"))
        .select_from(Offer)
        .join(Person, Person.id == Offer.person_id)
        .where(period.holds(Offer.created_at), Offer.status.in_(RECEIVED))
        .subquery()
    )
    return _boroughs(_grouped(sa.select(placed.c.borough, sa.func.count()).group_by(placed.c.borough)))


# Needs posted --------------------------------------------------------------------------------------


def needs_by_kind(period: Period) -> dict[str, int]:
    """Needs posted in the period, per kind."""
    return _kinds(
        _grouped(sa.select(Need.kind, sa.func.count()).where(period.holds(Need.created_at)).group_by(Need.kind))
    )


def needs_by_organisation(period: Period) -> dict[str, int]:
    """Needs posted in the period, per organisation (name), the most first."""
    statement = (
        sa.select(Organisation.name, sa.func.count(Need.id))
        .join(Need, Need.organisation_id == Organisation.id)
        .where(period.holds(Need.created_at))
        .group_by(Organisation.id, Organisation.name)
    )
    return _by_count(_grouped(statement))


# Matches -------------------------------------------------------------------------------------------


def matches_approved(period: Period) -> int:
    """Matches approved in the period: decided then, and approved or gone further since."""
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(Match).where(period.holds(Match.decided_at), Match.status.in_(FILLING))
    )


def median_days_to_first_approval(period: Period) -> float | None:
    """Median days from an offer's arrival to its first approved match, over offers first approved in the period."""
    first = (
        sa.select(Match.offer_id, sa.func.min(Match.decided_at).label("first"))
        .where(Match.status.in_(FILLING), Match.decided_at.is_not(None))
        .group_by(Match.offer_id)
        .subquery()
    )
    rows = db.session.execute(
        sa.select(Offer.created_at, first.c.first)
        .join(first, first.c.offer_id == Offer.id)
        .where(first.c.first >= period.since, first.c.first < period.until)
    ).all()
    return _median_days(rows)


def filled_at() -> dict[int, datetime]:
    """When each need was first filled: its trail's first change of status to ``filled``.

    A filled need without such an event (posted as filled, or its trail predates the status)
    counts from the latest decision of its approved matches.
    """
    became_filled = AuditEvent.changes[("status", 1)].as_string() == NeedStatus.FILLED.value
    found = {
        need_id: moment
        for need_id, moment in db.session.execute(
            sa.select(AuditEvent.object_id, sa.func.min(AuditEvent.created_at))
            .where(AuditEvent.object_type == Need.__tablename__, AuditEvent.action == "updated", became_filled)
            .group_by(AuditEvent.object_id)
        ).all()
    }
    fallback = db.session.execute(
        sa.select(Match.need_id, sa.func.max(Match.decided_at))
        .join(Need, Need.id == Match.need_id)
        .where(Need.status == NeedStatus.FILLED, Match.status.in_(FILLING), Match.decided_at.is_not(None))
        .group_by(Match.need_id)
    ).all()
    for need_id, moment in fallback:
        found.setdefault(need_id, moment)
    return {need_id: _aware(moment) for need_id, moment in found.items()}


def _aware(moment: datetime) -> datetime:
    """A moment read by an aggregate may come back naive on SQLite; it is UTC."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def median_days_to_filled(period: Period) -> float | None:
    """Median days from posting a need to its being filled first, over needs first filled in the period."""
    filled = {need_id: moment for need_id, moment in filled_at().items() if period.since <= moment < period.until}
    if not filled:
        return None
    created = dict(db.session.execute(sa.select(Need.id, Need.created_at).where(Need.id.in_(filled))).all())
    return _median_days((created[need_id], moment) for need_id, moment in filled.items())


# Supply and demand at the period's end ---------------------------------------------------------------


def _unmatched_offers(period: Period) -> sa.Select:
    """Offers received by the period's end, still available, and without an approved match by then."""
    matched = sa.exists().where(Match.offer_id == Offer.id, Match.status.in_(FILLING), Match.decided_at < period.until)
    return sa.select(Offer.id).where(Offer.created_at < period.until, Offer.status.in_(WAITING), ~matched)


def unmatched_offers_by_kind(period: Period) -> dict[str, int]:
    statement = (
        sa.select(Offer.kind, sa.func.count()).where(Offer.id.in_(_unmatched_offers(period))).group_by(Offer.kind)
    )
    return _kinds(_grouped(statement))


def unmatched_offers_by_language(period: Period) -> dict[str, int]:
    """Unmatched offers per language: the person's languages, and for interpreting the offer's languages too.

    Counted in the database: (offer, language) pairs from both sources, duplicates dropped by UNION.
    """
    unmatched = _unmatched_offers(period).subquery()
    spoken = (
        sa.select(Offer.id.label("offer_id"), PersonLanguage.code.label("code"))
        .join(unmatched, unmatched.c.id == Offer.id)
        .join(PersonLanguage, PersonLanguage.person_id == Offer.person_id)
    )
    interpreted = [
        sa.select(Offer.id, code)
        .join(unmatched, unmatched.c.id == Offer.id)
        .where(Offer.kind == OfferKind.INTERPRETING, code.is_not(None))
        for code in (
            Offer.details[("languages", index, "code")].as_string() for index in range(INTERPRETING_LANGUAGES_MAX)
        )
    ]
    pairs = sa.union(spoken, *interpreted).subquery()
    return _by_count(_grouped(sa.select(pairs.c.code, sa.func.count()).group_by(pairs.c.code)))


def _open_needs(period: Period) -> sa.Select:
    """Needs posted by the period's end and still open or partly filled."""
    return sa.select(Need).where(Need.created_at < period.until, Need.status.in_(OPEN_NEEDS))


def open_needs_by_kind(period: Period) -> dict[str, int]:
    needs = _open_needs(period).subquery()
    return _kinds(_grouped(sa.select(needs.c.kind, sa.func.count()).group_by(needs.c.kind)))


def open_needs_by_language(period: Period) -> dict[str, int]:
    """Open needs per required language."""
    counts: Counter[str] = Counter()
    for languages in db.session.scalars(_open_needs(period).with_only_columns(Need.required_languages)):
        counts.update(set(languages or ()))
    return _by_count(dict(counts))


def open_needs_by_borough(period: Period) -> dict[str | None, int]:
    """Open needs per Stadtbezirk: the need's own place, else its organisation's."""
    borough = sa.func.coalesce(Need.borough, Organisation.borough)
    statement = (
        sa.select(borough, sa.func.count())
        .select_from(Need)
        .join(Organisation, Organisation.id == Need.organisation_id)
        .where(Need.created_at < period.until, Need.status.in_(OPEN_NEEDS))
        .group_by(borough)
    )
    return _boroughs(_grouped(statement))


@dataclass(frozen=True)
class Gap:
    key: str
    offers: int
    needs: int

    @property
    def difference(self) -> int:
        """Positive: more offers than needs wait; negative: help is missing."""
        return self.offers - self.needs


def gaps(offers: dict[str, int], needs: dict[str, int]) -> list[Gap]:
    """Unmatched offers next to open needs per key, the largest shortfall first."""
    keys = list(dict.fromkeys([*needs, *offers]))
    rows = [Gap(key, offers.get(key, 0), needs.get(key, 0)) for key in keys]
    return sorted((row for row in rows if row.offers or row.needs), key=lambda row: (row.difference, row.key))


# "Did it work?" ------------------------------------------------------------------------------------


def feedback_answers(period: Period) -> dict[str, dict[str, int]]:
    """Answers given in the period, per side (volunteer, organisation) and answer (yes, not yet, no)."""
    found = db.session.execute(
        sa.select(MatchFeedback.side, MatchFeedback.answer, sa.func.count())
        .where(period.holds(MatchFeedback.answered_at), MatchFeedback.answer.is_not(None))
        .group_by(MatchFeedback.side, MatchFeedback.answer)
    ).all()
    table = {side.value: {answer.value: 0 for answer in FeedbackAnswer} for side in FeedbackSide}
    for side, answer, count in found:
        table[FeedbackSide(side).value][FeedbackAnswer(answer).value] = count
    return table


# The whole report -------------------------------------------------------------------------------------


@dataclass
class Report:
    period: Period
    offers_by_kind: dict[str, int]
    offers_by_source: dict[str, int]
    offers_by_borough: dict[str | None, int]
    needs_by_kind: dict[str, int]
    needs_by_organisation: dict[str, int]
    matches_approved: int
    median_days_to_first_approval: float | None
    median_days_to_filled: float | None
    kind_gaps: list[Gap]
    language_gaps: list[Gap]
    open_needs_by_borough: dict[str | None, int]
    feedback: dict[str, dict[str, int]]

    @property
    def offers_received(self) -> int:
        return sum(self.offers_by_kind.values())

    @property
    def needs_posted(self) -> int:
        return sum(self.needs_by_kind.values())


def report_for(period: Period) -> Report:
    return Report(
        period=period,
        offers_by_kind=offers_by_kind(period),
        offers_by_source=offers_by_source(period),
        offers_by_borough=offers_by_borough(period),
        needs_by_kind=needs_by_kind(period),
        needs_by_organisation=needs_by_organisation(period),
        matches_approved=matches_approved(period),
        median_days_to_first_approval=median_days_to_first_approval(period),
        median_days_to_filled=median_days_to_filled(period),
        kind_gaps=gaps(unmatched_offers_by_kind(period), open_needs_by_kind(period)),
        language_gaps=gaps(unmatched_offers_by_language(period), open_needs_by_language(period)),
        open_needs_by_borough=open_needs_by_borough(period),
        feedback=feedback_answers(period),
    )


# Dashboard -------------------------------------------------------------------------------------------


@dataclass
class Dashboard:
    open_needs_by_urgency: dict[str, int]
    open_needs_by_age: dict[str, int]
    offers_to_screen: int
    offers_waiting: dict[str, int]
    matches_proposed: int
    proposed_by_origin: dict[str, int]
    #: The last day on which a "waiting" offer arrived (the screening queue's "Eingang bis").
    waiting_received_until: date

    @property
    def open_needs(self) -> int:
        return sum(self.open_needs_by_urgency.values())


def posted_in_age_group(key: str, today: date) -> list[sa.ColumnElement[bool]]:
    """Needs of an age group (see :data:`AGE_GROUPS`): "under 7 days" means posted today or on the 6 days before.

    The needs list filters by the same conditions (``alter``), so the dashboard's figure and the list agree.
    """
    least, below = AGE_GROUPS[key]
    found = [Need.created_at < local_day_start(today - timedelta(days=least) + DAY)]
    if below is not None:
        found.append(Need.created_at >= local_day_start(today - timedelta(days=below - 1)))
    return found


def unmatched_now() -> sa.ColumnElement[bool]:
    """The offer has no approved (or further) match."""
    return ~sa.exists().where(Match.offer_id == Offer.id, Match.status.in_(FILLING))


def dashboard(today: date) -> Dashboard:
    """What waits for the coordinators today; each figure matches a filtered list (see templates)."""
    open_need = Need.status.in_(OPEN_NEEDS)
    by_urgency = _grouped(sa.select(Need.urgency, sa.func.count()).where(open_need).group_by(Need.urgency))
    by_age = {
        key: db.session.scalar(
            sa.select(sa.func.count()).select_from(Need).where(open_need, *posted_in_age_group(key, today))
        )
        for key in AGE_GROUPS
    }
    received_until = today - timedelta(days=WAITING_DAYS + 1)
    waiting = _grouped(
        sa.select(Offer.status, sa.func.count())
        .where(
            Offer.status.in_(WAITING),
            Offer.created_at < local_day_start(received_until + DAY),
            unmatched_now(),
        )
        .group_by(Offer.status)
    )
    proposed = _grouped(
        sa.select(Match.origin, sa.func.count()).where(Match.status == MatchStatus.PROPOSED).group_by(Match.origin)
    )
    proposed_by_origin = _with_zeros(
        [origin.value for origin in MatchOrigin], {MatchOrigin(k).value: n for k, n in proposed.items()}
    )
    return Dashboard(
        open_needs_by_urgency=_with_zeros(
            [u.value for u in reversed(Urgency)], {Urgency(k).value: n for k, n in by_urgency.items()}
        ),
        open_needs_by_age=by_age,
        offers_to_screen=db.session.scalar(
            sa.select(sa.func.count()).select_from(Offer).where(Offer.status == OfferStatus.NEW)
        ),
        offers_waiting=_with_zeros([s.value for s in WAITING], {OfferStatus(k).value: n for k, n in waiting.items()}),
        matches_proposed=sum(proposed_by_origin.values()),
        proposed_by_origin=proposed_by_origin,
        waiting_received_until=received_until,
    )
