"""Matching: offers ranked for needs, and the coordinators' decisions."""
