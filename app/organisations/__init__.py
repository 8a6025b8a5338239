"""Organisations: accommodation providers and neighbourhood networks."""
