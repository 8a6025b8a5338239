"""Screening: the coordinators' queue of offers, their checks and decisions."""
