"""The accounts blueprint; its pages live in views, password_views and admin_views, its commands in cli."""

from flask import Blueprint

#: ``flask accounts ...`` commands hang on this blueprint too (cli_group defaults to its name).
bp = Blueprint("accounts", __name__)
