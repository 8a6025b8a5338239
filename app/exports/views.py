"""Download a filtered list as CSV or XLSX.

Route: ``exports.download`` GET ``/intern/export/<list>.<format>?<the list's filters>``; the list
decides who may export it (see app.exports.tables), the columns follow the role. The screening
search travels as the session key the queue's URL carries, never as text.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request, url_for
from flask_babel import format_number
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.models import Role
from app.accounts.permissions import roles_required
from app.core.audit import record
from app.core.db import utcnow
from app.exports import tables, writers
from app.extensions import db

bp = Blueprint("exports", __name__, url_prefix="/intern/export")

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
LIST_NAMES = ",".join(tables.LISTS)
#: Where "back to the list" leads from a refused export.
LIST_ENDPOINTS = {
    "angebote": "screening.queue",
    "bedarfe": "needs.index",
    "vermittlungen": "matching.index",
    "organisationen": "organisations.index",
}


@bp.get(f"/<any({LIST_NAMES}):list_name>.<any(csv,xlsx):file_format>")
@roles_required(Role.ADMIN, Role.COORDINATOR, Role.HOTLINE, Role.ORG_MEMBER)
def download(list_name: str, file_format: str):
    export = tables.LISTS[list_name]
    if not current_user.has_role(*export.roles):
        abort(403)
    try:
        selection = export.select(tables.MAX_ROWS + 1)
    except tables.ExportRefused as refused:
        return _refused(list_name, str(refused))
    if len(selection.rows) > tables.MAX_ROWS:
        return _refused(
            list_name,
            _(
                "Die Liste hat mehr als %(max)s Zeilen, mehr als ein Export enthält. "
                "Bitte grenzen Sie sie mit den Filtern weiter ein.",
                max=format_number(tables.MAX_ROWS),
            ),
        )
    columns = export.columns_for(current_user)
    headers = [str(column.header) for column in columns]
    rows = [[column.value(row) for column in columns] for row in selection.rows]
    body = writers.to_csv(headers, rows) if file_format == "csv" else writers.to_xlsx(list_name, headers, rows)
    record(
        "exported",
        current_user,
        list=list_name,
        format=file_format,
        rows=len(rows),
        columns=len(columns),
        filters=selection.filters,
    )
    db.session.commit()
    filename = f"{list_name}-{utcnow().date().isoformat()}.{file_format}"
    return Response(
        body,
        content_type=FORMATS[file_format],
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )


def _refused(list_name: str, message: str):
    """A page saying why, with the way back to the list as it was filtered."""
    args = {key: value for key, value in request.args.items() if key not in ("seite", "cursor")}
    back_url = url_for(LIST_ENDPOINTS[list_name], **args)
    return render_template("exports/refused.html", message=message, back_url=back_url), 422
