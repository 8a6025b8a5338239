"""What the office learns: the coordinators' dashboard and the reports for the council committees."""
