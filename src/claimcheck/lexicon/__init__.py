"""Lexicons and the substance registry: data files (packs) the content rules match against.

The built-in packs live in ``lexicon/data/``; users add their own with ``packs = [...]`` in
the configuration, as Vale styles are added. Every pack is validated against
``schemas/pack.schema.json`` (generated from :class:`~claimcheck.model.pack.Pack`).
"""

from claimcheck.lexicon.load import Lexicon, lexicon_for
from claimcheck.model.pack import Cue, Pack, RegulatoryStatus, StatusValue, Substance

__all__ = ["Cue", "Lexicon", "Pack", "RegulatoryStatus", "StatusValue", "Substance", "lexicon_for"]
