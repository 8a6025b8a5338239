"""Back-office pages of hotline."""

from flask import Blueprint

bp = Blueprint("hotline", __name__, url_prefix="/intern/hotline")
