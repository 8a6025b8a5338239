"""Bringing the office's old spreadsheets in: CSV files of offers and needs, all rows or none.

``csv_import`` reads and checks a file (every error with line and column),
``offers`` and ``needs`` turn checked rows into records, updating those whose
``ref`` is already known; ``cli`` offers them as ``flask offers import`` and
``flask needs import``.
"""
