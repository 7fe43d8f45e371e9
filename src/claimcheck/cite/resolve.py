"""Every citation of an article resolved to a BibTeX key, or to the reason it cannot be.

A ``[@key]`` resolves when the library has the key; a number through the article's reference
list (:mod:`.reflist`) and that entry's match in the library (:mod:`.match`); an author-year
citation by first author and year (:meth:`.match.Library.author_year`). Nothing is guessed: a
marker that resolves to nothing, or to more than one entry, carries a problem that says what
was tried. Tentative markers (see :class:`.markers.Cite`) that do not resolve are dropped.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from claimcheck.cite.citation import Cite
from claimcheck.cite.markers import find
from claimcheck.cite.match import Found, Library
from claimcheck.cite.reflist import ReferenceList, reference_list


@dataclass(frozen=True, slots=True)
class Resolved:
    cite: Cite
    key: str | None
    problem: str | None = None


def _shorten(text: str, length: int = 60) -> str:
    """The reference entry as a message quotes it: at most ``length`` characters, cut between
    words; an entry that opens with one longer word (a URL) is cut inside it."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    cut = textwrap.shorten(text, width=length, placeholder="…")
    return cut if cut != "…" else text[: length - 1] + "…"


class Resolver:
    """Resolves the citations of one article against the library."""

    def __init__(self, library: Library, references: ReferenceList) -> None:
        self.library = library
        self.list = references
        self._entries: dict[tuple[int, int], Found] = {}

    def _number(self, number: int, at: int) -> Found:
        if not self.list.entries:
            return Found(
                None,
                "the article has no numbered reference list (a 'References' section with its entries) "
                "to look the number up in",
            )
        section = self.list.section_for(at)
        cache_key = (section.start if section else -1, number)
        known = self._entries.get(cache_key)
        if known is not None:
            return known
        entry = self.list.entry(number, at)
        if entry is None:
            found = Found(
                None, f"the article's reference list has no entry {number} (it has {self.list.numbers(at)})"
            )
        else:
            matched = self.library.entry(entry.text)
            found = (
                matched
                if matched.key
                else Found(None, f"reference {number} ('{_shorten(entry.text)}') {matched.problem}")
            )
        self._entries[cache_key] = found
        return found

    def resolve(self, cite: Cite) -> Resolved | None:
        if cite.problem:
            return Resolved(cite, None, cite.problem)
        if cite.style == "key":
            assert cite.key is not None
            if cite.key in self.library:
                return Resolved(cite, cite.key)
            if cite.tentative:
                return None
            return Resolved(cite, None, f"no entry {cite.key!r} in the library")
        if cite.style == "number":
            assert cite.number is not None
            found = self._number(cite.number, cite.start)
        else:
            assert cite.surname is not None and cite.year is not None
            found = self.library.author_year(cite.surname, cite.year, cite.second, cite.et_al)
        if found.key is None and cite.tentative:
            return None
        return Resolved(cite, found.key, found.problem)


def citations(
    text: str, start: int, library: Library, references: ReferenceList | None = None
) -> list[Resolved]:
    """The citations of the article ``text`` (body from ``start``), in order, resolved; markers
    inside the article's reference list (``references``, found when not given) are its own
    numbering, not citations."""
    found = find(text, start)
    if not found:
        return []
    references = reference_list(text, start) if references is None else references
    resolver = Resolver(library, references)
    resolved: list[Resolved] = []
    for cite in found:
        if references.holds(cite.start):
            continue
        result = resolver.resolve(cite)
        if result is not None:
            resolved.append(result)
    return resolved


def keys(found: list[Resolved]) -> list[tuple[str, str | None]]:
    """(key, locator) of the resolved citations, first mention first, each key once."""
    result: dict[str, str | None] = {}
    for item in found:
        if item.key is not None and item.key not in result:
            result[item.key] = item.cite.locator
    return list(result.items())
