"""Alerts: mail to volunteers about new public needs that fit their offers."""
