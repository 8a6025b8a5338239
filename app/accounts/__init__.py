"""Accounts: staff and organisation logins with their roles."""
