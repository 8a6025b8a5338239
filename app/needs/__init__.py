"""Needs: what accommodation operators and neighbourhood networks ask for."""
