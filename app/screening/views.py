"""Back-office pages of screening."""

from flask import Blueprint

bp = Blueprint("screening", __name__, url_prefix="/intern/angebote")
