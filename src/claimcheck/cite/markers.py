"""Citation markers in article text, each with its offsets in that text.

Three families of marker are found:

* Pandoc/CSL citations, by the syntax of pandoc's manual ("Citation syntax"): ``[@key]``,
  ``[@key, p. 4]``, ``[see @a; @b, chap. 2]``, ``[-@key]`` (author suppressed), ``@key`` in the
  text (optionally followed by ``[p. 33]``) and braced keys ``@{https://…}``. A key starts with
  a letter, digit or ``_`` and holds alphanumerics, ``_`` and single internal punctuation
  (``:.#$%&-+?<>~/``), so ``@doe99.`` cites ``doe99``; an ``@`` right after a word character
  (an e-mail address) is no citation, nor is a Quarto cross-reference (``@fig-…``, ``@tbl-…``).
  A bracket is a citation only when each of its ``;``-separated parts holds a key, as in pandoc.
* numbered markers: ``[1]``, ``[1,3]``, ``[2–4]``, ``[2-4]``, ``[2][3]``, superscripts ``¹²``,
  ``¹˒³``, ``²⁻⁴``, ``<sup>1</sup>``, ``<sup>[1]</sup>``, pandoc's ``^1^``, and (tentative, see
  :data:`_PAREN_NUMBERS`) Vancouver's ``(1)`` before punctuation. A superscript right after a
  digit, a single letter or a unit (``10⁹``, ``R²``, ``kg/m²``, ``10<sup>9</sup>``, ``10^9^``) is
  an exponent, one before a superscript sign (``Ca²⁺``) a charge; a bracket that is part of a
  Markdown link (``[1](url)``, a number with a link definition ``[1]: url``, so ``[text][1]``
  too) or a footnote (``[^1]``) is no marker.
* author-year citations: ``(Smith, 2019)``, ``(Smith & Doe 2019; Roe et al., 2020a, 2020b)``,
  ``(see Smith, 2019, p. 4)`` and narrative ones, ``Smith et al. (2019)``,
  ``Smith and Doe (2019)``. The author part is names only: capitalised words, name particles
  (van, de, le …), "&", "and", "et al."; a digit, a lower-case word or a month, weekday or
  season makes it no citation, so dates (``(Tuesday 4 September 2012)``, ``(May 2019)``) and a
  bare year (``(2019)``) are not markers. A narrative citation with one name and no "et al."
  (``Insulin (2019)`` reads the same), or one followed by another marker
  (``Smith et al. (2019) [@smith2019]``), is *tentative*: a citation only if it resolves.

Code (fenced and inline), HTML comments, TeX math (``$…$``, ``$$…$$``) and URLs are masked
first, so nothing in them is a marker. Every scan is a single pass of a pattern that cannot
backtrack far (each repetition is bounded or delimited by a character it excludes), so the
time is linear in the text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from claimcheck.cite.author_year import PARENTHESES, narrative, parenthetical
from claimcheck.cite.citation import Cite, locator
from claimcheck.cite.masking import masked

# --- masking ----------------------------------------------------------------------------------


# --- Pandoc citations ---------------------------------------------------------------------------

_BRACKET = re.compile(r"\[([^\[\]]{1,1000})\]")
_KEY = re.compile(r"@(?:\{([^{}\s]{1,300})\}|(\w(?:\w|[:.#$%&+?<>~/-](?=\w)){0,300}))")
_CROSSREF = re.compile(r"(?:fig|tbl|eq|sec|lst|thm|lem|cor|prp|cnj|def|exm|exr|sol|rem)-")


def _key_of(match: re.Match[str]) -> str:
    return match.group(1) or match.group(2)


def _free(text: str, match: re.Match[str]) -> bool:
    """Whether the ``@`` of ``match`` starts a key: not right after a word character or another
    ``@`` (an e-mail address), as pandoc has it."""
    before = text[match.start() - 1 : match.start()]
    return not (before.isalnum() or before in ("_", "@"))


def _pandoc_bracket(text: str, match: re.Match[str]) -> list[Cite] | None:
    """The citations of a ``[…@key…]`` bracket, or None when it is not a citation."""
    content = match.group(1)
    if "@" not in content or "\n\n" in content:
        return None
    after = text[match.end() : match.end() + 1]
    if after in ("(", "[") or (after == ":" and _at_line_start(text, match.start())):
        return None
    cites: list[Cite] = []
    for part in content.split(";"):
        keys = [m for m in _KEY.finditer(part) if _free(part, m)]
        if len(keys) != 1:
            return None
        found = keys[0]
        key = _key_of(found)
        if _CROSSREF.match(key):
            continue
        cites.append(
            Cite(
                "key",
                match.start(),
                match.end(),
                match.group(0),
                key=key,
                locator=locator(part[found.end() :]),
            )
        )
    return cites or None


_IN_TEXT_LOCATOR = re.compile(r"[ \t]?\[([^\[\]@\n]{1,100})\]")


def _in_text(text: str, match: re.Match[str], tentative: bool) -> Cite | None:
    key = _key_of(match)
    if not _free(text, match) or text[match.start() - 1 : match.start()] == "-" or _CROSSREF.match(key):
        return None
    end, place = match.end(), None
    follows = _IN_TEXT_LOCATOR.match(text, end)
    if follows and text[follows.end() : follows.end() + 1] not in ("(", "["):
        place = locator(follows.group(1))
        if place is not None:
            end = follows.end()
    return Cite(
        "key", match.start(), end, text[match.start() : end], key=key, locator=place, tentative=tentative
    )


# --- numbered markers ---------------------------------------------------------------------------

_NUMBERED = re.compile(r"\[[ \t]*(\d[\d \t,;–—‒−-]{0,200})\]")
_PAREN_NUMBERS = re.compile(
    r"\((\d{1,3}(?:[ \t]{0,3}[-–—,;][ \t]{0,3}\d{1,3}){0,30})\)(?=[.,;:!?]|[ \t]*$)", re.MULTILINE
)
"""Vancouver's numbers in parentheses, ``disease (1).``: after a space and before punctuation or
the line's end, as an enumeration "(1) eat well" is not; tentative (an enumeration that looks
the same must not be reported), so a citation only through the article's reference list."""
_LINK_DEFINITION = re.compile(r"^ {0,3}\[([^\[\]\n]{1,200})\]:", re.MULTILINE)
_SUP_TAG = re.compile(
    r"<sup>[ \t]{0,9}(?:\[[ \t]{0,9})?(\d{1,4}(?:[ \t]{0,9}[-–—‒−,;][ \t]{0,9}\d{1,4}){0,50})[ \t]{0,9}(?:\][ \t]{0,9})?</sup>",
    re.I,
)
_CARET = re.compile(r"\^(\d{1,4}(?:[-–—,]\d{1,4}){0,50})\^")
_SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_UNICODE_SUP = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,4}(?:[⁻˒,‚–-][⁰¹²³⁴⁵⁶⁷⁸⁹]{1,4}){0,50}")
_TO_DIGITS = str.maketrans(_SUPERSCRIPT_DIGITS + "⁻˒‚", "0123456789-,,")
_RANGE_DASHES = str.maketrans("–—‒−", "----")
_UNITS = frozenset(
    ["cm", "mm", "km", "nm", "µm", "μm", "ft", "in", "yd", "mi", "sec", "ms", "dl", "dL", "ml", "mL", "hr"]
)
MAX_RANGE = 100
"""Numbers a range such as ``[2–4]`` may span; a longer one is reported, not expanded."""


def _at_line_start(text: str, position: int) -> bool:
    line_start = text.rfind("\n", 0, position) + 1
    return not text[line_start:position].strip()


def numbers(spec: str) -> tuple[list[int], str | None] | None:
    """The numbers of a marker's digits (``1,3``, ``2–4``, ``2⁻⁴``): (numbers, problem), or
    None when ``spec`` is not a list of numbers and ranges."""
    spec = spec.translate(_TO_DIGITS).translate(_RANGE_DASHES).replace(";", ",")
    found: list[int] = []
    for part in spec.split(","):
        bounds = [b.strip() for b in part.split("-")]
        if not all(b.isdigit() for b in bounds) or len(bounds) > 2:
            return None
        low, high = int(bounds[0]), int(bounds[-1])
        if not 0 < low < 1000 or not 0 < high < 1000:
            return None  # [0] indexes, [2019] is a year
        if high < low:
            return [], f"the range {part.strip()} runs backwards"
        if high - low > MAX_RANGE:
            return [], f"the range {part.strip()} spans more than {MAX_RANGE} references"
        found.extend(range(low, high + 1))
    return found, None


def _exponent(text: str, position: int) -> bool:
    """Whether a superscript at ``position`` is an exponent (or stands apart, so no marker)."""
    if position == 0:
        return True
    before = text[position - 1]
    if before.isdigit() or before in _SUPERSCRIPT_DIGITS or before in "⁻⁺" or before.isspace():
        return True
    if not before.isalpha():
        return False
    start = position - 1
    while start and text[start - 1].isalpha():
        start -= 1
    word = text[start:position]
    return len(word) == 1 or word in _UNITS


def _numbered(style_text: str, start: int, end: int, spec: str) -> list[Cite]:
    parsed = numbers(spec)
    if parsed is None:
        return []
    found, problem = parsed
    if problem:
        return [Cite("number", start, end, style_text, problem=problem)]
    # a number repeated in one marker (``[1,1]``) is one citation of it
    return [Cite("number", start, end, style_text, number=n) for n in dict.fromkeys(found)]


# --- author-year citations --------------------------------------------------------------------------


# --- all together -------------------------------------------------------------------------------


class _Taken:
    """Spans already holding a marker (kept sorted; markers of a text do not overlap)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        index = bisect.bisect_left(self.starts, end)
        return index > 0 and self.ends[index - 1] > start

    def add(self, start: int, end: int) -> None:
        index = bisect.bisect_left(self.starts, start)
        self.starts.insert(index, start)
        self.ends.insert(index, end)


def _may_cite(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds a character a marker needs: most articles hold none,
    and a few substring tests (C speed) pass them over."""
    part = text[start:end] if start or end < len(text) else text
    return (
        "[" in part
        or "@" in part
        or "^" in part
        or "<s" in part
        or "<S" in part
        or any(c in part for c in _SUPERSCRIPT_DIGITS)
        or PARENTHESES.search(part) is not None
        or _PAREN_NUMBERS.search(part) is not None
    )


def find(text: str, start: int = 0, end: int | None = None) -> list[Cite]:
    """The citations in ``text[start:end]``, in order, with offsets in ``text``."""
    end = len(text) if end is None else end
    if not _may_cite(text, start, end):
        return []
    region = " " * start + masked(text[start:end])  # offsets as in ``text``
    taken = _Taken()
    found: list[Cite] = []

    def keep(cites: list[Cite] | None, span: tuple[int, int]) -> None:
        if cites and not taken.overlaps(*span):
            taken.add(*span)
            found.extend(cites)

    brackets = "[" in region
    for match in _BRACKET.finditer(region, start) if brackets and "@" in region else ():
        keep(_pandoc_bracket(region, match), match.span())
    bracketed = bool(found)
    for match in _SUP_TAG.finditer(region, start) if "<s" in region or "<S" in region else ():
        if not _exponent(region, match.start()):
            keep(_numbered(match.group(0), *match.span(), match.group(1)), match.span())
    links = (
        {m.group(1).strip() for m in _LINK_DEFINITION.finditer(region, start)} if "]:" in region else set()
    )
    for match in _NUMBERED.finditer(region, start) if brackets else ():
        before = region[match.start() - 1 : match.start()]
        after = region[match.end() : match.end() + 1]
        if before in ("!", "^") or after == "(" or match.group(1).strip() in links:
            continue  # an image, a footnote, a link, or a reference link's defined label
        if after == ":" and _at_line_start(region, match.start()):
            continue
        keep(_numbered(match.group(0), *match.span(), match.group(1)), match.span())
    for match in _PAREN_NUMBERS.finditer(region, start):
        if region[match.start() - 1 : match.start()] not in (" ", "\t"):
            continue  # f(1), or a number at the start of a line
        cites = _numbered(match.group(0), *match.span(), match.group(1))
        keep([replace(c, tentative=True) for c in cites], match.span())
    carets = "^" in region
    superscripts = any(c in region for c in _SUPERSCRIPT_DIGITS)
    for pattern in (_CARET,) * carets + (_UNICODE_SUP,) * superscripts:
        for match in pattern.finditer(region, start):
            charge = region[match.end() : match.end() + 1] in ("⁺", "⁻")  # Ca²⁺, Fe³⁺
            if not charge and not _exponent(region, match.start()):
                spec = match.group(1) if pattern is _CARET else match.group(0)
                keep(_numbered(match.group(0), *match.span(), spec), match.span())
    for match in _KEY.finditer(region, start) if "@" in region else ():
        cite = _in_text(region, match, tentative=not bracketed)
        if cite is not None:
            keep([cite], (cite.start, cite.end))
    for match in PARENTHESES.finditer(region, start):
        cites = parenthetical(region, match) or narrative(region, match)
        if cites:
            keep(cites, (min(c.start for c in cites), match.end()))
    found.sort(key=lambda c: c.start)
    for index, cite in enumerate(found[:-1]):
        following = found[index + 1]
        if cite.narrative and following.start >= cite.end and not region[cite.end : following.start].strip():
            # "Smith et al. (2019) [@smith2019]": the names and year introduce the marker after them
            found[index] = replace(cite, tentative=True)
    # a marker holding masked text (code inside a bracket) is shown as written
    return [c if c.text == text[c.start : c.end] else replace(c, text=text[c.start : c.end]) for c in found]
