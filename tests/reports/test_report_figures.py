"""Report figures on a fixed data set, each checked against numbers worked out by hand.

The period is the first quarter of 2026 in the office's time zone (Europe/Berlin).
Rows are made at noon local time unless a test is about the period's edges.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from app.core.audit import AuditEvent
from app.extensions import db
from app.feedback.models import FeedbackAnswer, FeedbackSide, MatchFeedback
from app.matching.models import Match, MatchOrigin, MatchStatus
from app.needs.models import Need, NeedStatus
from app.offers.models import Offer, OfferKind, OfferStatus
from app.organisations.models import Organisation, OrganisationKind
from app.people.models import Channel, Person, PersonLanguage
from app.reports import services
from app.reports.services import Gap, Period

BERLIN = ZoneInfo("Europe/Berlin")
Q1 = Period(date(2026, 1, 1), date(2026, 3, 31))


def noon(year: int, month: int, day: int) -> datetime:
    return datetime.combine(date(year, month, day), time(12), tzinfo=BERLIN).astimezone(UTC)


def person(name: str, borough: str | None, languages: list[str], erased: bool = False) -> Person:
    row = Person(
        first_name="" if erased else name,
        last_name="" if erased else "Beispiel",
        consent_version="2026-01",
        consent_at=noon(2025, 12, 1),
        consent_channel=Channel.PHONE,
        confirmed_at=noon(2025, 12, 1),
        borough=borough,
        erased_at=noon(2026, 5, 1) if erased else None,
        languages=[PersonLanguage(code=code) for code in languages],
    )
    db.session.add(row)
    return row


def offer(
    owner: Person, kind: OfferKind, source: Channel, status: OfferStatus, created_at: datetime, **fields
) -> Offer:
    row = Offer(person=owner, kind=kind, source=source, status=status, created_at=created_at, **fields)
    db.session.add(row)
    return row


def organisation(name: str, borough: str) -> Organisation:
    row = Organisation(name=name, kind=OrganisationKind.SHARED_HOUSING, borough=borough)
    db.session.add(row)
    return row


def need(owner: Organisation, kind: OfferKind, status: NeedStatus, created_at: datetime, **fields) -> Need:
    row = Need(
        organisation=owner,
        kind=kind,
        title=f"{kind.value} {created_at.date()}",
        status=status,
        created_at=created_at,
        **fields,
    )
    db.session.add(row)
    return row


def match(for_need: Need, for_offer: Offer, status: MatchStatus, decided_at: datetime | None, **fields) -> Match:
    row = Match(need=for_need, offer=for_offer, status=status, decided_at=decided_at, **fields)
    db.session.add(row)
    return row


@pytest.fixture
def data_set(app):
    """The fixed data set; the comments say which figure each row feeds."""
    p1 = person("Lina", "Linden-Limmer", ["de", "ar"])
    p2 = person("Mehdi", "Mitte", ["de", "fa"])
    p3 = person("Olena", None, ["uk"])
    p4 = person("", "Nord", [], erased=True)  # anonymised: still counts

    o1 = offer(p1, OfferKind.LANGUAGE_SUPPORT, Channel.WEB, OfferStatus.VERIFIED, noon(2026, 1, 10))
    o2 = offer(
        p1,
        OfferKind.INTERPRETING,
        Channel.PHONE,
        OfferStatus.VERIFIED,
        noon(2026, 2, 1),
        details={"languages": [{"code": "ru"}]},
    )
    offer(p2, OfferKind.HOUSING, Channel.MAIL, OfferStatus.NEW, noon(2026, 2, 15), borough="Südstadt-Bult")
    o4 = offer(p2, OfferKind.MENTORING, Channel.WEB, OfferStatus.VERIFIED, noon(2026, 3, 1))
    offer(p3, OfferKind.LANGUAGE_SUPPORT, Channel.IMPORT, OfferStatus.CLOSED, noon(2026, 3, 20))
    o6 = offer(p4, OfferKind.DONATION, Channel.PHONE, OfferStatus.VERIFIED, noon(2026, 1, 5))
    offer(p1, OfferKind.OTHER, Channel.WEB, OfferStatus.UNCONFIRMED, noon(2026, 2, 2))  # not received
    o8 = offer(p2, OfferKind.LANGUAGE_SUPPORT, Channel.WEB, OfferStatus.VERIFIED, noon(2025, 12, 15))  # before
    offer(p3, OfferKind.MENTORING, Channel.WEB, OfferStatus.NEW, noon(2026, 4, 5))  # after
    o10 = offer(p1, OfferKind.LANGUAGE_SUPPORT, Channel.WEB, OfferStatus.VERIFIED, noon(2026, 3, 25))

    org_a = organisation("Unterkunft Am Listholze", "Vahrenwald-List")
    org_b = organisation("Café Mitte", "Mitte")
    n1 = need(org_a, OfferKind.LANGUAGE_SUPPORT, NeedStatus.FILLED, noon(2026, 1, 3), required_languages=["ar"])
    n2 = need(org_a, OfferKind.MENTORING, NeedStatus.PARTLY_FILLED, noon(2026, 2, 20), quantity=2)
    n3 = need(org_b, OfferKind.INTERPRETING, NeedStatus.OPEN, noon(2026, 3, 10), required_languages=["fa", "ar"])
    n4 = need(org_b, OfferKind.LANGUAGE_SUPPORT, NeedStatus.FILLED, noon(2025, 12, 1))
    n5 = need(org_a, OfferKind.DONATION, NeedStatus.OPEN, noon(2026, 3, 31), borough="Nord")
    need(org_b, OfferKind.HOUSING, NeedStatus.OPEN, noon(2026, 4, 10))  # after
    need(org_a, OfferKind.OTHER, NeedStatus.CLOSED, noon(2026, 1, 15))

    m1 = match(n1, o1, MatchStatus.APPROVED, noon(2026, 1, 20))
    m2 = match(n2, o4, MatchStatus.APPROVED, noon(2026, 3, 5))
    match(n3, o6, MatchStatus.PROPOSED, None, origin=MatchOrigin.PLEDGE)
    m4 = match(n4, o8, MatchStatus.COMPLETED, noon(2026, 1, 15))
    match(n2, o10, MatchStatus.APPROVED, noon(2026, 4, 2))  # after: o10 still unmatched at the end
    match(n5, o2, MatchStatus.REJECTED, noon(2026, 3, 1))
    db.session.flush()

    # n4 went to "filled" on 10 February (its trail says so), not when m4 was decided.
    db.session.add(
        AuditEvent(
            action="updated",
            object_type="needs",
            object_id=n4.id,
            changes={"status": ["partly_filled", "filled"]},
            created_at=noon(2026, 2, 10),
        )
    )
    answers = [
        (m1, FeedbackSide.VOLUNTEER, FeedbackAnswer.YES, noon(2026, 2, 3)),
        (m1, FeedbackSide.ORGANISATION, FeedbackAnswer.NOT_YET, noon(2026, 2, 4)),
        # 23:30 on the last day counts; 00:30 on the next day does not.
        (m2, FeedbackSide.VOLUNTEER, FeedbackAnswer.NO, datetime(2026, 3, 31, 21, 30, tzinfo=UTC)),
        (m2, FeedbackSide.ORGANISATION, FeedbackAnswer.YES, datetime(2026, 3, 31, 22, 30, tzinfo=UTC)),
        (m4, FeedbackSide.VOLUNTEER, None, None),  # asked, never answered
        (m4, FeedbackSide.ORGANISATION, FeedbackAnswer.YES, noon(2026, 1, 16)),
    ]
    for for_match, side, answer, answered_at in answers:
        db.session.add(
            MatchFeedback(match=for_match, side=side, answer=answer, answered_at=answered_at, asked_at=noon(2026, 1, 1))
        )
    db.session.commit()


def test_offers_received_by_kind(data_set):
    assert services.offers_by_kind(Q1) == {
        "language_support": 3,
        "interpreting": 1,
        "mentoring": 1,
        "minors_support": 0,
        "housing": 1,
        "premises": 0,
        "donation": 1,
        "other": 0,
    }


def test_offers_received_by_source(data_set):
    assert services.offers_by_source(Q1) == {"web": 3, "phone": 2, "mail": 1, "import": 1}


def test_offers_received_by_borough_take_the_offered_place_for_housing(data_set):
    figures = services.offers_by_borough(Q1)
    assert {name: count for name, count in figures.items() if count} == {
        "Linden-Limmer": 3,
        "Mitte": 1,
        "Südstadt-Bult": 1,
        "Nord": 1,
        None: 1,
    }
    assert len(figures) == 14  # the 13 Stadtbezirke and "outside or unknown"


def test_needs_posted_by_kind_and_organisation(data_set):
    assert {kind: n for kind, n in services.needs_by_kind(Q1).items() if n} == {
        "language_support": 1,
        "mentoring": 1,
        "interpreting": 1,
        "donation": 1,
        "other": 1,
    }
    assert services.needs_by_organisation(Q1) == {"Unterkunft Am Listholze": 4, "Café Mitte": 1}


def test_matches_approved_and_median_days(data_set):
    assert services.matches_approved(Q1) == 3
    # First approvals in the period: o1 after 10 days, o4 after 4, o8 after 31.
    assert services.median_days_to_first_approval(Q1) == 10.0
    # Filled in the period: n1 after 17 days (its match's decision), n4 after 71 (its trail).
    assert services.median_days_to_filled(Q1) == 44.0


def test_unmatched_offers_next_to_open_needs(data_set):
    assert {kind: n for kind, n in services.unmatched_offers_by_kind(Q1).items() if n} == {
        "language_support": 1,
        "interpreting": 1,
        "housing": 1,
        "donation": 1,
    }
    assert services.unmatched_offers_by_language(Q1) == {"de": 3, "ar": 2, "fa": 1, "ru": 1}
    assert {kind: n for kind, n in services.open_needs_by_kind(Q1).items() if n} == {
        "mentoring": 1,
        "interpreting": 1,
        "donation": 1,
    }
    assert services.open_needs_by_language(Q1) == {"ar": 1, "fa": 1}
    report = services.report_for(Q1)
    assert report.kind_gaps == [
        Gap("mentoring", 0, 1),
        Gap("donation", 1, 1),
        Gap("interpreting", 1, 1),
        Gap("housing", 1, 0),
        Gap("language_support", 1, 0),
    ]
    assert report.language_gaps == [Gap("fa", 1, 1), Gap("ar", 2, 1), Gap("ru", 1, 0), Gap("de", 3, 0)]


def test_open_needs_by_borough_take_the_organisation_when_the_need_has_no_place(data_set):
    figures = services.open_needs_by_borough(Q1)
    assert {name: n for name, n in figures.items() if n} == {"Vahrenwald-List": 1, "Mitte": 1, "Nord": 1}


def test_feedback_answers_per_side(data_set):
    assert services.feedback_answers(Q1) == {
        "volunteer": {"yes": 1, "not_yet": 0, "no": 1},
        "organisation": {"yes": 1, "not_yet": 1, "no": 0},
    }


def test_report_totals(data_set):
    report = services.report_for(Q1)
    assert report.offers_received == 7
    assert report.needs_posted == 5


def test_the_period_includes_its_first_and_its_last_day(app):
    owner = person("Rand", "Mitte", ["de"])
    for created_at in (
        datetime(2025, 12, 31, 22, 30, tzinfo=UTC),  # 23:30 on 31 December in Hannover: before
        datetime(2025, 12, 31, 23, 30, tzinfo=UTC),  # 00:30 on 1 January: inside
        datetime(2026, 3, 31, 21, 30, tzinfo=UTC),  # 23:30 on 31 March (summer time): inside
        datetime(2026, 3, 31, 22, 30, tzinfo=UTC),  # 00:30 on 1 April: after
    ):
        offer(owner, OfferKind.OTHER, Channel.WEB, OfferStatus.CLOSED, created_at)
    db.session.commit()
    assert services.offers_by_kind(Q1)["other"] == 2
    assert services.offers_by_kind(Period(date(2026, 1, 1), date(2026, 1, 1)))["other"] == 1
    assert services.offers_by_kind(Period(date(2025, 12, 31), date(2025, 12, 31)))["other"] == 1


def test_quarters():
    assert services.last_full_quarter(date(2026, 5, 10)) == Period(date(2026, 1, 1), date(2026, 3, 31))
    assert services.last_full_quarter(date(2026, 1, 1)) == Period(date(2025, 10, 1), date(2025, 12, 31))
    assert services.recent_quarters(date(2026, 11, 23), 3) == [
        Period(date(2026, 7, 1), date(2026, 9, 30)),
        Period(date(2026, 4, 1), date(2026, 6, 30)),
        Period(date(2026, 1, 1), date(2026, 3, 31)),
    ]
    assert services.parse_period(None, None, date(2026, 11, 23)) == Period(date(2026, 7, 1), date(2026, 9, 30))
    assert services.parse_period("2026-02-01", "2026-02-28", date(2026, 11, 23)) == Period(
        date(2026, 2, 1), date(2026, 2, 28)
    )
    with pytest.raises(ValueError):
        services.parse_period("2026-03-01", "2026-02-01", date(2026, 11, 23))
    with pytest.raises(ValueError):
        services.parse_period("1. März", None, date(2026, 11, 23))
