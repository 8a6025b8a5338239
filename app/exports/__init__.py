"""Filtered back-office lists as CSV and XLSX, with only the fields the role may see, each export audited."""
