"""``GET /healthz`` for load balancers and monitoring: 200 with a reachable database."""

import sqlalchemy as sa
from flask import Blueprint

from app.core.errors import RETRY_AFTER_SECONDS
from app.extensions import db, limiter

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@limiter.exempt
def healthz():
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        return {"status": "unavailable", "database": "unreachable"}, 503, {"Retry-After": str(RETRY_AFTER_SECONDS)}
    return {"status": "ok", "database": "ok"}, 200
