"""Hotline: offers taken on the phone, with a warning when the caller is already known."""
