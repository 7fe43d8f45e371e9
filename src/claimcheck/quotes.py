"""Finding a claim's quote in its article despite whitespace, case and typography.

Editors copy quotes from rendered pages: curly quotes become straight ones, dashes change,
line breaks move. The article text is folded character for character (so offsets stay
valid) and the quote becomes a pattern whose words may be separated by any whitespace.
"""

from __future__ import annotations

import re
from functools import lru_cache

_FOLD = str.maketrans(
    {
        "\u2018": "'",  # ‘
        "\u2019": "'",  # ’
        "\u201a": "'",  # ‚
        "\u201b": "'",  # ‛
        "\u2032": "'",  # ′
        "\u201c": '"',  # “
        "\u201d": '"',  # ”
        "\u201e": '"',  # „
        "\u2033": '"',  # ″
        "\u00ab": '"',  # «
        "\u00bb": '"',  # »
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "-",  # figure dash
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2212": "-",  # minus sign
        "\u00a0": " ",  # no-break space
        "\u202f": " ",  # narrow no-break space
        "\u2009": " ",  # thin space
        "\u200b": " ",  # zero-width space
    }
)


def fold(text: str) -> str:
    """Typography and case folded, one character for one, so offsets are preserved."""
    folded = text.translate(_FOLD)
    lowered = folded.lower()
    # lower() keeps the length for all but a handful of characters (e.g. 'İ'); keep offsets right
    return lowered if len(lowered) == len(folded) else folded


@lru_cache(maxsize=4096)
def quote_pattern(quote: str) -> re.Pattern[str] | None:
    words = fold(quote).split()
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(word) for word in words))


def find_quote(folded_text: str, quote: str, start: int = 0) -> tuple[int, int] | None:
    """Offsets of ``quote`` in ``folded_text`` (already passed through :func:`fold`)."""
    pattern = quote_pattern(quote)
    if pattern is None:
        return None
    match = pattern.search(folded_text, start)
    return (match.start(), match.end()) if match else None
