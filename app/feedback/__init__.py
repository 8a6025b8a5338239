"""Did it work? Both sides of an approved match are asked two weeks later; the answers feed the reports."""
