"""Fictional demo data for development and test instances (``flask demo load``)."""
