"""The coordinators' dashboard and the period reports."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.accounts.models import Role
from app.accounts.permissions import roles_required
from app.core.audit import record
from app.extensions import db
from app.matching.vocabulary import MATCH_ORIGIN_LABELS
from app.needs.public_vocabulary import URGENCY_LABELS
from app.reports import charts, services, tables
from app.screening.vocabulary import STATUS_LABELS as OFFER_STATUS_LABELS

bp = Blueprint("reports", __name__, url_prefix="/intern/berichte")

REPORT_ROLES = (Role.COORDINATOR,)
#: The dashboard's age groups of open needs (app.reports.services.AGE_GROUPS).
AGE_LABELS = {"lt7": _l("jünger als 7 Tage"), "7to30": _l("7 bis 30 Tage alt"), "gt30": _l("älter als 30 Tage")}
FORMATS = {
    "csv": ("text/csv; charset=utf-8", tables.to_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", tables.to_xlsx),
}


@bp.get("/lage")
@roles_required(*REPORT_ROLES)
def dashboard():
    today = services.local_today()
    return render_template(
        "reports/dashboard.html",
        figures=services.dashboard(today),
        urgency_labels=URGENCY_LABELS,
        origin_labels=MATCH_ORIGIN_LABELS,
        offer_status_labels=OFFER_STATUS_LABELS,
        age_labels=AGE_LABELS,
        waiting_days=services.WAITING_DAYS,
    )


def _period() -> tuple[services.Period, str | None]:
    """The period the query names, or the last full quarter and what was wrong with the query."""
    today = services.local_today()
    try:
        return services.parse_period(request.args.get("von"), request.args.get("bis"), today), None
    except ValueError:
        return services.last_full_quarter(today), _(
            "Bitte geben Sie den Zeitraum als zwei Tage an, der erste vor dem letzten. "
            "Gezeigt wird das letzte volle Quartal."
        )


def period_name(period: services.Period) -> str:
    if period.is_quarter:
        return _("%(number)d. Quartal %(year)d", number=period.quarter_number, year=period.start.year)
    return _("%(start)s bis %(end)s", start=format_date(period.start), end=format_date(period.end))


@bp.get("")
@roles_required(*REPORT_ROLES)
def index():
    period, error = _period()
    report = services.report_for(period)
    sections = tables.sections(report)
    chart_of = {
        section.key: charts.bar_chart(
            f"chart-{section.key}".replace("_", "-"), section.title, section.description, section.chart_rows()
        )
        for section in sections
        if section.chart
    }
    needs_map = charts.borough_map(
        "map-open-needs",
        _("Offene Bedarfe nach Stadtbezirk"),
        _(
            "Schematische Karte der Stadtbezirke, je dunkler, desto mehr offene Bedarfe. "
            "Die Zahlen stehen auch in der Tabelle daneben."
        ),
        report.open_needs_by_borough,
        {
            name: _("%(borough)s: %(count)d offene Bedarfe", borough=name, count=count)
            for name, count in report.open_needs_by_borough.items()
            if name is not None
        },
    )
    largest = max((n for key, n in report.open_needs_by_borough.items() if key is not None), default=0)
    today = services.local_today()
    return render_template(
        "reports/index.html",
        report=report,
        sections=sections,
        chart_of=chart_of,
        needs_map=needs_map,
        legend=charts.legend(largest),
        period=period,
        period_name=period_name(period),
        quarters=[(quarter, period_name(quarter)) for quarter in services.recent_quarters(today)],
        error=error,
    ), (422 if error else 200)


@bp.get("/herunterladen")
@roles_required(*REPORT_ROLES)
def download():
    chosen = request.args.get("format")
    if chosen not in FORMATS:
        abort(400)
    period, error = _period()
    if error:
        abort(400)
    mimetype, write = FORMATS[chosen]
    body = write(services.report_for(period))
    record(
        "report_exported",
        current_user._get_current_object(),
        period=f"{period.start.isoformat()}/{period.end.isoformat()}",
        format=chosen,
    )
    db.session.commit()
    filename = f"bericht_{period.start.isoformat()}_{period.end.isoformat()}.{chosen}"
    return body, 200, {"Content-Type": mimetype, "Content-Disposition": f'attachment; filename="{filename}"'}
