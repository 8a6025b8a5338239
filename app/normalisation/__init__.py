"""Free text resolved to canonical values at write time: languages, places and help concepts.

Pure functions over data loaded once per process (no Flask, no database), for
the forms, the hotline screen, the CSV import and the matcher alike:
``languages.resolve_languages``, ``places.resolve_place`` and ``concepts``;
each answer is a ``result.Resolution`` with the text it was read from and a
confidence that staff see and can correct.
"""
