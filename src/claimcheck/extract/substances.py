"""The regulated substances of the substance registry (``lexicon/data/substances.yaml`` and the
project's packs) as extract names them in a claim's ``substances``.

The registry's matcher (:class:`claimcheck.lexicon.Lexicon`) finds every product name of a
registered substance (BPC-157, "BPC 157", Ozempic, "testosterone cypionate"); a claim naming
one carries the substance under its registry name (``Substance.display``), so an editor and the
content rules see the regulated substance the claim is about. Names of what the body makes
(testosterone, IGF-1, growth hormone) are the extraction lexicon's (``extract/data/lexicon.yaml``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from claimcheck.lexicon import Lexicon as Packs
from claimcheck.lexicon import lexicon_for
from claimcheck.text.quotes import fold


@dataclass(frozen=True)
class Registry:
    packs: Packs

    @classmethod
    def of(cls, root: Path, packs: list[str]) -> Registry:
        """The built-in registry and the project's packs (``packs`` in its configuration)."""
        return cls(lexicon_for(root, packs))

    @staticmethod
    @cache
    def builtin() -> Registry:
        """The built-in registry alone (read once per process)."""
        return Registry(lexicon_for(Path("."), []))

    def mentions(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, registry name)`` of each product name of a registered substance in ``text``."""
        found: list[tuple[int, int, str]] = []
        for start, end, values in self.packs.matcher.finditer(fold(text)):
            for kind, ident in values:
                if kind == "substance" and ident in self.packs.substances:
                    found.append((start, end, self.packs.substances[ident].display))
        return found
