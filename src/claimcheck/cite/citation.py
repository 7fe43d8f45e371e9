"""A citation marker found in text (:class:`Cite`: its style, keys or numbers, offsets) and the
locator that may follow a key (``p. 4``, ``chap. 2``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Style = Literal["key", "number", "author-year"]


@dataclass(frozen=True, slots=True)
class Cite:
    """One cited work: the marker it is in (``start``/``end`` in the text, ``text`` as written)
    and what names the work: a BibTeX ``key``, a ``number`` of the article's reference list, or
    an author (``surname`` of the first, ``second`` when named, ``et_al``) and ``year``."""

    style: Style
    start: int
    end: int
    text: str
    key: str | None = None
    number: int | None = None
    surname: str | None = None
    second: str | None = None
    et_al: bool = False
    year: str | None = None
    locator: str | None = None
    narrative: bool = False
    """An author-year citation whose authors stand in the text: ``Smith et al. (2019)``."""
    tentative: bool = False
    """A citation only if it resolves (an ``@name`` in an article that cites no ``[@key]``,
    a one-name narrative citation): when it does not, it is not reported."""
    problem: str | None = None
    """Why the marker itself is wrong (a range that runs backwards)."""


_LOCATOR = re.compile(
    r"(?:pp?|pages?|chap|chapters?|ch|sec|sections?|paras?|paragraphs?|figs?|figures?|tables?|tab"
    r"|vols?|volumes?|bk|books?|col|columns?|l|lines?|n|notes?|no|pt|parts?|suppl|appendix|box|§|¶)"
    r"\.?[ \t]?[\divxlcIVXLC]",
    re.IGNORECASE,
)
"""A locator term (pandoc's list, and the table, figure and box of health papers) and its number."""


def locator(suffix: str) -> str | None:
    """The locator a citation's suffix starts with (``p. 4``, ``chap. 2``, ``33``), else None."""
    text = suffix.strip().lstrip(",:").strip()
    if text and (text[0].isdigit() or _LOCATOR.match(text)):
        return text.rstrip(" .;")
    return None
