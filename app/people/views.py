"""Back-office pages of people."""

from flask import Blueprint

bp = Blueprint("people", __name__, url_prefix="/intern/personen")
