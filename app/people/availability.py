"""A week of availability as a 21-bit mask: 7 days × morning/afternoon/evening.

One integer per person keeps the grid compact, indexable and cheap to compare
(overlap is a bitwise AND), which matters when matching scans many offers.
"""

from __future__ import annotations

from collections.abc import Iterable

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SLOTS = ("morning", "afternoon", "evening")


def slot_key(day: str, slot: str) -> str:
    return f"{day}_{slot}"


def bit(day: str, slot: str) -> int:
    return 1 << (DAYS.index(day) * len(SLOTS) + SLOTS.index(slot))


def encode(keys: Iterable[str]) -> int:
    mask = 0
    for key in keys:
        day, slot = key.split("_", 1)
        mask |= bit(day, slot)
    return mask


def decode(mask: int) -> list[str]:
    return [slot_key(d, s) for d in DAYS for s in SLOTS if mask & bit(d, s)]
