"""Parsers: text into plain data, with positions. No knowledge of the content model."""
