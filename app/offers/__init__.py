"""Offers: what a person offers, in one of eight kinds."""
