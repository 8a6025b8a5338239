"""Public information pages: how to help, money donations, FAQ, contact, privacy, imprint."""
