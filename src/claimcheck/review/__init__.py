"""Editors' review: the queue of claims needing a decision, and recording decisions."""
