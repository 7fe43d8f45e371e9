"""Author-year citations: parenthetical ``(Smith & Doe 2019; Roe et al., 2020a)`` and narrative
``Smith et al. (2019)`` (the rules in :mod:`claimcheck.cite.markers`' documentation)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimcheck.cite.citation import Cite, locator

PARENTHESES = re.compile(r"\(([^()\n]{0,300}?(?<!\d)(?:19|20)\d\d(?!\d)[^()\n]{0,300})\)")
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


def parenthetical(text: str, match: re.Match[str]) -> list[Cite]:
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


def narrative(text: str, match: re.Match[str]) -> list[Cite]:
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
