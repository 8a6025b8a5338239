"""The public board of open needs, its Atom feed, and pledges from citizens."""
