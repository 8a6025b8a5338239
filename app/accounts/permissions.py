"""Who may do what: role checks for views, least privilege by default.

Object-level checks live with each feature's queries (an organisation member
only ever queries their own organisation's rows, so a foreign id is a 404).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from app.accounts.models import Role

#: Office staff who may see a volunteer's contact data and enter offers.
CONTACT_ROLES = (Role.COORDINATOR, Role.HOTLINE)
#: Who screens offers, decides matches and posts needs for organisations.
COORDINATION = (Role.COORDINATOR,)
ADMINISTRATION = (Role.ADMIN,)
STAFF_ROLES = (Role.ADMIN, Role.COORDINATOR, Role.HOTLINE)


def roles_required(*roles: Role) -> Callable:
    """Log in first; then only the given roles, everyone else gets 403.

    The roles are kept on the view (``allowed_roles``) for the route table test.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        wrapped.allowed_roles = frozenset(roles)
        return wrapped

    return decorator


def may_see_contact_data() -> bool:
    return current_user.is_authenticated and current_user.has_role(*CONTACT_ROLES)
