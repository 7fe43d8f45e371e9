"""Field-by-field comparison of a BibTeX entry with its verified record (no network)."""

from __future__ import annotations

import re
import unicodedata

from claimcheck.load.project import ReferenceRecord
from claimcheck.model.lock import LockedRecord
from claimcheck.parse.latex_text import decode_latex, split_names

COMPARED = ("title", "year", "journal", "volume", "pages", "author")
_NOT_WORD = re.compile(r"[\W_]+")
# possessive: no run is given back (it could not help), so a hostile value costs one pass
_RANGE = re.compile(r"\s*+([A-Za-z]*+)(\d++)\s*+(?:[-‐‑–—]++\s*+([A-Za-z]*+)(\d++))?\s*+")


def fold(text: str) -> str:
    """Case, accents, punctuation and '&'/'and' set aside; a leading 'The' dropped."""
    text = unicodedata.normalize("NFKD", text.replace("&", " and "))
    text = "".join(c for c in text if not unicodedata.combining(c))
    words = _NOT_WORD.sub(" ", text).casefold().split()
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join(words)


def page_range(pages: str) -> tuple[str, str] | None:
    """'266--81', '266-281' and '266–281' all as ('266', '281'); None when not a range."""
    match = _RANGE.fullmatch(pages)
    if match is None:
        return None
    prefix, start, end_prefix, end = match.groups()
    if end is None:
        return prefix + start, prefix + start
    if len(end) < len(start):
        end = start[: len(start) - len(end)] + end
    return prefix + start, (end_prefix or prefix) + end


def _bib(record: ReferenceRecord, name: str) -> str | None:
    value = record.get(name)
    return decode_latex(value) if value else None


def differences(record: ReferenceRecord, locked: LockedRecord) -> list[tuple[str, str, str]]:
    """(field, value in the .bib, verified value) for each compared field that disagrees.
    A field missing on either side is not a disagreement (CC203 reports missing fields)."""
    found: list[tuple[str, str, str]] = []
    title = _bib(record, "title")
    if title and locked.title and fold(title) != fold(locked.title):
        found.append(("title", title, locked.title))
    year = record.get("year") or (record.get("date") or "")[:4] or None
    if year and locked.year and year != locked.year:
        found.append(("year", year, locked.year))
    journal = _bib(record, "journal") or _bib(record, "journaltitle")
    names = [n for n in (locked.journal, locked.journal_abbreviation) if n]
    if journal and names and fold(journal) not in {fold(n) for n in names}:
        found.append(("journal", journal, names[0]))
    volume = record.get("volume")
    if volume and locked.volume and fold(volume) != fold(locked.volume):
        found.append(("volume", volume, locked.volume))
    pages = record.get("pages")
    if pages and locked.pages:
        mine, theirs = page_range(pages), page_range(locked.pages)
        if (mine or fold(pages)) != (theirs or fold(locked.pages)):
            found.append(("pages", pages, locked.pages))
    authors = record.get("author")
    people = split_names(authors) if authors else ()
    if people and locked.authors:
        mine_last, theirs_last = fold(people[0].last), fold(locked.authors[0].family)
        if mine_last != theirs_last:
            found.append(("author", people[0].last, locked.authors[0].family))
    return found
