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
from collections import defaultdict
from dataclasses import dataclass, replace
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


# --- masking ----------------------------------------------------------------------------------

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.MULTILINE)
_BACKTICKS = re.compile(r"`+")
_INLINE_MATH = re.compile(r"\$(?=[^\s$])[^$\n]{0,2000}(?<=[^\s$])\$(?!\d)")
_URL = re.compile(r"(?<!@\{)(?:https?://|www\.)[^\s<>()\[\]]+")


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with every character of ``spans`` but line breaks made a space."""
    if not spans:
        return text
    pieces: list[str] = []
    position = 0
    for start, end in sorted(spans):
        start = max(start, position)
        if end <= start:
            continue
        pieces.append(text[position:start])
        chunk = text[start:end]
        pieces.append("\n".join(" " * len(line) for line in chunk.split("\n")))
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _fences(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    opening: tuple[int, str] | None = None
    for match in _FENCE.finditer(text):
        fence = match.group(1)
        if opening is None:
            opening = (match.start(), fence)
        elif fence[0] == opening[1][0] and len(fence) >= len(opening[1]):
            line_end = text.find("\n", match.end())
            spans.append((opening[0], len(text) if line_end < 0 else line_end))
            opening = None
    if opening is not None:
        spans.append((opening[0], len(text)))
    return spans


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Inline code: a run of backticks up to the next run of the same length (CommonMark); a
    run without one is literal. Runs are indexed by length, so this is linear."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]
    by_length: dict[int, list[int]] = defaultdict(list)
    for index, (start, end) in enumerate(runs):
        by_length[end - start].append(index)
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(runs):
        start, end = runs[index]
        same = by_length[end - start]
        after = bisect.bisect_right(same, index)
        if after < len(same):
            closing = same[after]
            spans.append((start, runs[closing][1]))
            index = closing + 1
        else:
            index += 1
    return spans


def _delimited(text: str, opening: str, closing: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    position = text.find(opening)
    while position >= 0:
        end = text.find(closing, position + len(opening))
        if end < 0:
            if opening == "<!--":  # an unclosed comment runs to the end
                spans.append((position, len(text)))
            break
        spans.append((position, end + len(closing)))
        position = text.find(opening, end + len(closing))
    return spans


def masked(text: str) -> str:
    """``text`` with code, HTML comments, math and URLs blanked (same length, same lines)."""
    if "```" in text or "~~~" in text:
        text = _blank(text, _fences(text))
    if "`" in text:
        text = _blank(text, _code_spans(text))
    if "<!--" in text:
        text = _blank(text, _delimited(text, "<!--", "-->"))
    if "$" in text:
        text = _blank(text, _delimited(text, "$$", "$$"))
        text = _blank(text, [m.span() for m in _INLINE_MATH.finditer(text)])
    if "://" in text or "www." in text:
        text = _blank(text, [m.span() for m in _URL.finditer(text)])
    return text


# --- Pandoc citations ---------------------------------------------------------------------------

_BRACKET = re.compile(r"\[([^\[\]]{1,1000})\]")
_KEY = re.compile(r"@(?:\{([^{}\s]{1,300})\}|(\w(?:\w|[:.#$%&+?<>~/-](?=\w)){0,300}))")
_CROSSREF = re.compile(r"(?:fig|tbl|eq|sec|lst|thm|lem|cor|prp|cnj|def|exm|exr|sol|rem)-")
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
    return [Cite("number", start, end, style_text, number=n) for n in found]


# --- author-year citations --------------------------------------------------------------------------

_PARENTHESES = re.compile(r"\(([^()\n]{0,300}?(?<!\d)(?:19|20)\d\d(?!\d)[^()\n]{0,300})\)")
"""A parenthesis with a year in it (the engine skips the others, most of them, in C)."""
_YEAR = re.compile(r"(?<!\w)((?:19|20)\d\d)[a-z]?(?!\w)")
_MONTHS = "january february march april may june july august september october november december"
_NOT_NAMES = frozenset(
    (
        _MONTHS
        + " jan feb mar apr jun jul aug sep sept oct nov dec"
        + " monday tuesday wednesday thursday friday saturday sunday"
        + " spring summer autumn fall winter"
        + " table tables figure figures fig figs appendix supplement box phase stage vol volume issue"
        + " version updated published accessed retrieved revised since from until before after circa"
        + " approx est established founded copyright born died ed eds the a an this that these those"
        + " as of on at by for to in between during through and or but see"
    ).split()
)
_PARTICLES = frozenset(
    [
        "van",
        "von",
        "der",
        "den",
        "de",
        "da",
        "di",
        "du",
        "la",
        "le",
        "del",
        "della",
        "dos",
        "das",
        "ten",
        "ter",
        "y",
        "bin",
        "ibn",
    ]
)
_PREFIXES = frozenset(
    [
        "see",
        "also",
        "e.g.",
        "e.g.,",
        "eg",
        "cf.",
        "cf",
        "i.e.",
        "i.e.,",
        "compare",
        "reviewed",
        "review",
        "in",
        "as",
        "for",
        "a",
        "but",
        "especially",
    ]
)


def _name_word(word: str) -> bool:
    letters = sum(c.isalpha() for c in word)
    return (
        letters >= 2
        and word[0].isupper()
        and word.lower().rstrip(".") not in _NOT_NAMES
        and all(c.isalpha() or c in "'’-." for c in word)
    )


@dataclass(frozen=True, slots=True)
class _Authors:
    text: str
    surname: str
    second: str | None
    et_al: bool
    names: int


def _authors(words: list[str]) -> _Authors | None:
    """The authors named by ``words`` ("Smith", "&", "Doe" / "Roe", "et", "al."), or None."""
    groups: list[list[str]] = [[]]
    et_al = False
    position = 0
    while position < len(words):
        word = words[position]
        bare = word.rstrip(",")
        if et_al:
            return None  # nothing may follow "et al."
        if bare == "et" and position + 1 < len(words) and words[position + 1].rstrip(",") in ("al.", "al"):
            et_al = True
            position += 2
            continue
        if bare in ("&", "and"):
            if not any(groups):
                return None
            if groups[-1]:
                groups.append([])
        elif (bare.lower() in _PARTICLES and not word.endswith(",")) or _name_word(bare):
            groups[-1].append(bare)
        else:
            return None
        if word.endswith(",") and groups[-1]:
            groups.append([])
        position += 1
    named = [g for g in groups if any(_name_word(w) for w in g)]
    if not named or len(named) != len([g for g in groups if g]):
        return None
    return _Authors(
        " ".join(words).rstrip(", "),
        " ".join(named[0]),
        " ".join(named[1]) if len(named) > 1 else None,
        et_al,
        len(named),
    )


def _years_and_locator(tail: str) -> tuple[list[str], str | None] | None:
    """("2019a, 2020", "p. 4") from the part of a citation from its first year on."""
    years: list[str] = []
    rest: list[str] = []
    for piece in tail.split(","):
        year = _YEAR.match(piece.strip())
        if year and not rest and year.end() == len(piece.strip()):
            years.append(year.group(1))
        elif year and not rest and piece.strip()[year.end() :].startswith(":"):
            years.append(year.group(1))
            rest.append(piece.strip()[year.end() + 1 :])
        elif years:
            rest.append(piece)
        else:
            return None
    return years, locator(",".join(rest)) if rest else None


def _parenthetical(text: str, match: re.Match[str]) -> list[Cite]:
    cites: list[Cite] = []
    offset = match.start(1)
    for part in match.group(1).split(";"):
        part_start = offset
        offset += len(part) + 1
        year = _YEAR.search(part)
        if year is None:
            continue
        words = part[: year.start()].split()
        while words and words[0].lower() in _PREFIXES:
            words.pop(0)
        parsed = _years_and_locator(part[year.start() :])
        if parsed is None or not words:
            continue
        authors = _authors(words)
        if authors is None:
            continue
        years, place = parsed
        lead = len(part) - len(part.lstrip())
        shown = part.strip()
        for value in years:
            cites.append(
                Cite(
                    "author-year",
                    part_start + lead,
                    part_start + lead + len(shown),
                    shown,
                    surname=authors.surname,
                    second=authors.second,
                    et_al=authors.et_al,
                    year=value,
                    locator=place,
                )
            )
    return cites


def _narrative(text: str, match: re.Match[str]) -> list[Cite]:
    """``Smith et al. (2019)``: a parenthesis of years only, after the authors' names."""
    parsed = _years_and_locator(match.group(1))
    start = match.start()
    if parsed is None or start == 0 or text[start - 1] not in " \t":
        return []
    line_start = text.rfind("\n", max(0, start - 120), start) + 1
    words = text[max(line_start, start - 120) : start].split()
    if not words:
        return []
    if words[-1] in ("al.", "al") and len(words) > 2 and words[-2] == "et":
        taken = 2
        taken += _name_run(words[:-taken])
        names_from = len(words) - taken
    else:
        run = _name_run(words)
        if run == 0:
            return []
        names_from = len(words) - run
        if names_from >= 2 and words[names_from - 1] in ("and", "&"):
            second_run = _name_run(words[: names_from - 1])
            if second_run:
                names_from -= 1 + second_run
    chosen = words[names_from:]
    authors = _authors(chosen) if chosen and _name_word(chosen[0]) else None
    if authors is None:
        return []
    years, place = parsed
    first = text.rfind(chosen[0], line_start, start)
    tentative = authors.names == 1 and not authors.et_al
    return [
        Cite(
            "author-year",
            first,
            match.end(),
            text[first : match.end()],
            surname=authors.surname,
            second=authors.second,
            et_al=authors.et_al,
            year=value,
            locator=place,
            narrative=True,
            tentative=tentative,
        )
        for value in years
    ]


def _name_run(words: list[str]) -> int:
    """How many of the last ``words`` (at most three) are one author's name."""
    count = 0
    while count < min(3, len(words)):
        word = words[len(words) - 1 - count]
        if _name_word(word) or (count and word.lower() in _PARTICLES):
            count += 1
        else:
            break
    while count and words[len(words) - count].lower() in _PARTICLES:
        count -= 1  # a name starts with a capitalised word in running text
    return count


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
        or _PARENTHESES.search(part) is not None
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
    for match in _PARENTHESES.finditer(region, start):
        cites = _parenthetical(region, match) or _narrative(region, match)
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
