"""Audit events with their stored values put into words, for the pages that show a trail.

The trail stores raw values (``partly_filled``, ``["ar"]``); staff and
organisation members should read "teilweise besetzt" and "Arabisch". The
events themselves cannot be changed, so the pages get read-only copies.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.core.audit import AuditEvent, history

#: Per field: a mapping of stored values to labels, or a function giving the label.
Labels = Mapping[str, Mapping[Any, Any] | Callable[[Any], str]]


@dataclass(frozen=True)
class TrailEvent:
    action: str
    created_at: datetime
    actor: Any
    changes: dict[str, Any]


def _word(labels: Mapping | Callable, value: Any) -> Any:
    if isinstance(value, list):
        return [_word(labels, item) for item in value]
    if value is None:
        return None
    return labels(value) if callable(labels) else str(labels.get(value, value))


def _readable(event: AuditEvent, labels: Labels) -> TrailEvent:
    changes = {}
    for field, value in event.changes.items():
        if field not in labels:
            changes[field] = value
        elif event.action == "updated":  # [old, new], each side a value or a list
            changes[field] = [_word(labels[field], side) for side in value]
        else:
            changes[field] = _word(labels[field], value)
    return TrailEvent(event.action, event.created_at, event.actor, changes)


def readable_history(obj: Any, labels: Labels) -> list[TrailEvent]:
    """``history(obj)`` with the values of the fields in ``labels`` as staff read them."""
    return [_readable(event, labels) for event in history(obj)]
