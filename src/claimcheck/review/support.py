"""How well a claim's citations back it, derived from their relations.

One small function on purpose: a richer support status (evidence strength, verified
references) can replace it without touching the queue or the report.
"""

from __future__ import annotations

from collections.abc import Container
from enum import StrEnum

from claimcheck.model import Claim, Relation


class Support(StrEnum):
    """Values as in the richer support model being built in parallel, so either can be shown."""

    SUPPORTED = "supported"
    PARTIAL = "partially-supported"
    BACKGROUND_ONLY = "background-only"
    CONTRADICTED = "contradicted"
    UNSUPPORTED = "unsupported"


def support_status(claim: Claim, known_keys: Container[str]) -> Support:
    """A contradicting citation outweighs any support; citations of keys that are not in the
    library count for nothing."""
    relations = {c.relation for c in claim.citations if c.key in known_keys}
    if Relation.CONTRADICTS in relations:
        return Support.CONTRADICTED
    if Relation.SUPPORTS in relations:
        return Support.SUPPORTED
    if Relation.PARTIAL in relations:
        return Support.PARTIAL
    if Relation.BACKGROUND in relations:
        return Support.BACKGROUND_ONLY
    return Support.UNSUPPORTED
