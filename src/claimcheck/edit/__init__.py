"""Editing content files in place: round-trip YAML that keeps comments, order and layout."""
