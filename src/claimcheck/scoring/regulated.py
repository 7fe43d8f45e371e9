"""Whether a sentence names a regulated substance of the registry: the rows on which a
promotion scorer's false alarms are counted, by the trainer (the dev-chosen threshold may not
flag more than ``ModelSpec.max_false_alarms`` of them) and by ``nox -s evaluate``."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from claimcheck.lexicon import Lexicon, lexicon_for
from claimcheck.scoring.labels import Row
from claimcheck.text.quotes import fold


def names_regulated(text: str, lexicon: Lexicon) -> bool:
    """Whether ``text`` names a substance of the registry (product or body name)."""
    folded = fold(text)
    for start, end in lexicon.matcher.scan(folded):
        if any(kind in ("substance", "body") for kind, _ in lexicon.matcher.values(folded[start:end])):
            return True
    return False


@cache
def builtin_lexicon() -> Lexicon:
    """The built-in packs' lexicon (the registry's substances)."""
    return lexicon_for(Path("."), [])  # the built-in packs only: no path is read from the root


def neutral_regulated(row: Row) -> bool:
    """A row labelled ``promotes: 0`` that names a regulated substance (built-in lexicon): a
    promotion finding on it is a false alarm."""
    return row.labels.get("promotes") == 0 and names_regulated(row.text, builtin_lexicon())
