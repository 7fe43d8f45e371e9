"""Inline citation markers of a sentence, mapped to BibTeX keys of the project's library.

Three marker styles are recognised: numbered brackets (``[1]``, ``[1, 3]``, ``[2–4]``; not a
Markdown link ``[text](url)``), superscript numbers (``¹²``, ``<sup>1</sup>``) and author-year
parentheses (``(Le Roith, 2007)``, ``(Lupu & Terwilliger, 2004; Koutkia et al., 2004)``).
Numbers refer to the article's own reference list (its N-th entry, or the entry printed with
"N."); an entry, like an author-year marker, is matched to the BibTeX entry with the same first
author's surname and year. A marker that matches no entry, or more than one, is reported and
never guessed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from claimcheck.extract.segment import Sentence
from claimcheck.parse.split import split_spaced
from claimcheck.project import ReferenceRecord

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_BRACKETS = re.compile(r"\[(\d+(?:\s*[,–-]\s*\d+)*)\](?!\()")
_SUPERSCRIPT = re.compile(r"(?<=[\w.,;:)\]’”\"'])([⁰¹²³⁴⁵⁶⁷⁸⁹]+(?:[⁻˒,][⁰¹²³⁴⁵⁶⁷⁸⁹]+)*)")
_SUP_TAG = re.compile(r"<sup>\s*(\d+(?:\s*[,–-]\s*\d+)*)\s*</sup>", re.IGNORECASE)
_PARENTHESES = re.compile(r"\(([^()]*\b(?:19|20)\d\d[a-z]?)\)")
_AUTHOR_YEAR = re.compile(
    r"^\s*(?P<author>[A-Z][\w'’ -]*?)(?:\s+et al\.?|\s*(?:&|and)\s+[A-Z][\w'’ -]*?)?,?\s+(?P<year>(?:19|20)\d\d)[a-z]?\s*$"
)
_ENTRY = re.compile(
    r"^\s*(?:(?P<number>\d+)[.)]\s*)?(?P<author>[^,(]+?),.*?\((?P<year>(?:19|20)\d\d)[a-z]?\)"
)
_COMMA = re.compile(r"[,˒]")
_DASH = re.compile(r"[–⁻-]")
MAX_AUTHOR_YEAR = 300
"""Characters of a parenthetical citation's part read as 'Author (and Author | et al.), year'.
The pattern backtracks quadratically on long runs of spaces; no such citation is that long."""
# a superscript after these is an exponent (m², 10⁹), not a citation
_UNITS = frozenset({"m", "cm", "mm", "km", "dm", "ft", "in", "s", "l", "L", "dl", "dL"})


@dataclass(frozen=True, slots=True)
class Marker:
    """One citation marker: its text, where it is, and the BibTeX key it resolved to (or why not)."""

    text: str
    start: int
    end: int
    key: str | None
    problem: str | None = None


_YEAR_IN_PARENTHESES = re.compile(r"\((?:19|20)\d\d[a-z]?\)")


def _entry(text: str) -> re.Match[str] | None:
    """``_ENTRY.match(text)``, decided first in linear time. The author runs to the first comma
    and holds no '(' (so the match needs a character before that comma and none of them a '('),
    and the year is the first '(19xx)' on the rest of that line; only then does the pattern run,
    and it then matches at once (a failing match retried every split of leading whitespace)."""
    comma = text.find(",")
    if comma < 1 or "(" in text[:comma]:
        return None
    line_end = text.find("\n", comma)
    if not _YEAR_IN_PARENTHESES.search(text, comma, len(text) if line_end < 0 else line_end):
        return None
    return _ENTRY.match(text)


def _author_year(part: str) -> re.Match[str] | None:
    return _AUTHOR_YEAR.match(part) if len(part) <= MAX_AUTHOR_YEAR else None


def _fold_name(name: str) -> str:
    name = re.sub(r"[{}\\]|\\[a-zA-Z]+", "", name)
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if c.isalnum()).lower()


def _first_surname(author_field: Sequence[str]) -> str:
    if not author_field:
        return ""
    first = author_field[0]
    return first.split(",", 1)[0] if "," in first else (first.split() or [""])[-1]


class CitationIndex:
    """The library by (first author's surname, year), and the article's numbered list."""

    def __init__(self, references: Mapping[str, ReferenceRecord], listed: Sequence[Sentence] = ()) -> None:
        self._by_author_year: dict[tuple[str, str], list[str]] = {}
        for key, record in sorted(references.items()):
            year = (record.get("year") or "")[:4]
            self._by_author_year.setdefault((_fold_name(_first_surname(record.authors)), year), []).append(
                key
            )
        self.numbered: dict[int, str | None] = {}
        self._numbered_problem: dict[int, str] = {}
        for position, entry in enumerate(listed, start=1):
            number = self._entry_number(entry, position)
            match = _entry(entry.text)
            if match is None:
                self.numbered[number] = None
                self._numbered_problem[number] = f"reference {number} does not read as 'Surname, I. (year)'"
                continue
            resolved, problem = self.lookup(match.group("author"), match.group("year"))
            self.numbered[number] = resolved
            if problem:
                self._numbered_problem[number] = f"reference {number}: {problem}"

    @staticmethod
    def _entry_number(entry: Sentence, position: int) -> int:
        match = _entry(entry.text)
        if match and match.group("number"):
            return int(match.group("number"))
        return position

    def lookup(self, author: str, year: str) -> tuple[str | None, str | None]:
        keys = self._by_author_year.get((_fold_name(author), year), [])
        if len(keys) == 1:
            return keys[0], None
        if not keys:
            return None, f"no entry of the library by {author.strip()} ({year})"
        return (
            None,
            f"{len(keys)} entries by {author.strip()} ({year}): {', '.join(keys)}; cite the key by hand",
        )

    def number(self, number: int) -> tuple[str | None, str | None]:
        if number not in self.numbered:
            return None, f"the article lists no reference {number}"
        return self.numbered[number], self._numbered_problem.get(number)


def _numbers(spec: str) -> list[int]:
    result: list[int] = []
    for part in split_spaced(spec.translate(_SUPERSCRIPTS), _COMMA):
        bounds = split_spaced(part, _DASH)
        if len(bounds) == 2 and all(b.isdigit() for b in bounds):
            low, high = int(bounds[0]), int(bounds[1])
            result.extend(range(low, high + 1) if 0 < high - low < 50 else (low, high))
        elif part.isdigit():
            result.append(int(part))
    return result


def _word_before(text: str, position: int) -> str:
    """The run of word characters (``\\w``) that ends at ``position``, read backwards: a regex
    searching the whole text before each marker took time quadratic in the text."""
    start = position
    while start and (text[start - 1].isalnum() or text[start - 1] == "_"):
        start -= 1
    return text[start:position]


def _exponent(text: str, position: int) -> bool:
    before = _word_before(text, position)
    return bool(before) and (before[-1].isdigit() or before in _UNITS)


def markers(text: str, offset: int, index: CitationIndex) -> list[Marker]:
    """The citation markers in ``text`` (which starts at ``offset`` in the article)."""
    found: list[Marker] = []
    for pattern in (_BRACKETS, _SUP_TAG, _SUPERSCRIPT):
        for match in pattern.finditer(text):
            if pattern is _SUPERSCRIPT and _exponent(text, match.start()):
                continue
            for number in _numbers(match.group(1)):
                key, problem = index.number(number)
                found.append(
                    Marker(match.group(0), offset + match.start(), offset + match.end(), key, problem)
                )
    for match in _PARENTHESES.finditer(text):
        for part in match.group(1).split(";"):
            cited = _author_year(part)
            if cited is None:
                continue
            key, problem = index.lookup(cited.group("author"), cited.group("year"))
            found.append(Marker(part.strip(), offset + match.start(), offset + match.end(), key, problem))
    found.sort(key=lambda m: m.start)
    return found


def keys(found: Iterable[Marker]) -> list[str]:
    """Resolved keys, first mention first, without repeats."""
    result: list[str] = []
    for marker in found:
        if marker.key and marker.key not in result:
            result.append(marker.key)
    return result
