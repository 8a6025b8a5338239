"""Outbox: every mail is a row written with the data it belongs to, sent later.

A mail server that is down delays mail; it never loses a submission.
"""
